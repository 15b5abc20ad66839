"""Check the wheels built from the project's addons (called by tools/test.sh).

Usage: python tools/check_wheels.py WHEEL_DIR ADDON_DIR...

Each addon must give exactly one wheel named as OCA's are
(``odoo_addon_<addon>-<manifest version>[.N]-py3-none-any.whl``, distribution
``odoo-addon-<addon>``) holding the manifest, every data, demo and asset file it
lists, its translations and its apps-page icon, under ``odoo/addons/<addon>/``.
"""

import ast
import glob
import os
import sys
import zipfile


def manifest_files(addon_dir, manifest):
    """Files the manifest names (data, demo, assets without globs) plus the
    translations and the apps page, relative to the addon."""
    names = ["__manifest__.py", "__init__.py", "static/description/icon.png"]
    for key in ("data", "demo"):
        names += manifest.get(key, [])
    for bundle in manifest.get("assets", {}).values():
        for entry in bundle:
            path = entry if isinstance(entry, str) else entry[-1]
            addon = os.path.basename(addon_dir)
            if path.startswith(f"{addon}/") and "*" not in path:
                names.append(path[len(addon) + 1 :])
    for pattern in ("i18n/*.po", "i18n/*.pot", "static/description/index.html"):
        names += [
            os.path.relpath(path, addon_dir)
            for path in glob.glob(os.path.join(addon_dir, pattern))
        ]
    return sorted(set(names))


def check_addon(wheel_dir, addon_dir):
    addon = os.path.basename(os.path.normpath(addon_dir))
    with open(os.path.join(addon_dir, "__manifest__.py"), encoding="utf-8") as f:
        manifest = ast.literal_eval(f.read())
    version = manifest["version"]
    wheels = glob.glob(os.path.join(wheel_dir, f"odoo_addon_{addon}-*.whl"))
    wheels = [
        w for w in wheels if os.path.basename(w).split("-")[1].startswith(version)
    ]
    if len(wheels) != 1:
        return [
            f"{addon}: expected one odoo_addon_{addon}-{version}*.whl, got {wheels}"
        ]
    errors = []
    with zipfile.ZipFile(wheels[0]) as wheel:
        names = set(wheel.namelist())
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        header = wheel.read(metadata).decode().split("\n\n", 1)[0].splitlines()
        if f"Name: odoo-addon-{addon}" not in header:
            errors.append(f"{addon}: distribution is not named odoo-addon-{addon}")
        for name in manifest_files(addon_dir, manifest):
            if f"odoo/addons/{addon}/{name}" not in names:
                errors.append(f"{addon}: {name} is missing from {wheels[0]}")
    return errors


def main(wheel_dir, *addon_dirs):
    errors = [e for addon_dir in addon_dirs for e in check_addon(wheel_dir, addon_dir)]
    for error in errors:
        print(error, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
