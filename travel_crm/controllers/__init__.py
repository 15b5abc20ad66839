from . import supplier_confirmation
