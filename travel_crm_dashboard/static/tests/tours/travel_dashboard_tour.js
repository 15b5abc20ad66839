import { registry } from "@web/core/registry";

/** The spreadsheet model of the dashboard on screen (found in the Owl tree). */
function activeDashboardModel() {
    const stack = [odoo.__WOWL_DEBUG__.root.__owl__];
    while (stack.length) {
        const node = stack.pop();
        const model = node.component?.state?.activeDashboard?.model;
        if (model) {
            return model;
        }
        stack.push(...Object.values(node.children));
    }
    return undefined;
}

/** Cells still loading their data, and cells evaluated to an error or "None". */
function evaluationState(model) {
    const loading = [];
    const errors = [];
    for (const sheetId of model.getters.getSheetIds()) {
        const sheetName = model.getters.getSheetName(sheetId);
        for (const position of model.getters.getEvaluatedCellsPositions(sheetId)) {
            const cell = model.getters.getEvaluatedCell(position);
            const where = `${sheetName}!${position.col},${position.row}`;
            if (cell.value === "None") {
                // a header of a value the data does not hold prints Python's None
                errors.push(`${where}: None`);
            }
            if (cell.type !== "error") {
                continue;
            }
            if (cell.value === "Loading...") {
                loading.push(where);
            } else {
                errors.push(`${where}: ${cell.value} ${cell.message || ""}`);
            }
        }
    }
    return { loading, errors };
}

// A travel manager opens Dashboards > Travel > Customer Value: every formula of
// the spreadsheet evaluates against Travel CRM's reports without an error.
registry.category("web_tour.tours").add("travel_crm_dashboard_tour", {
    url: "/odoo/dashboards",
    steps: () => [
        {
            content: "Open the Customer Value dashboard",
            trigger: ".o_search_panel_category_value:contains('Customer Value')",
            run: "click",
        },
        {
            content: "The dashboard is drawn",
            trigger: ".o_spreadsheet_dashboard_action .o_renderer .o-grid",
        },
        {
            content: "Every cell evaluates, none to an error",
            trigger: ".o_spreadsheet_dashboard_action .o_renderer",
            run: async () => {
                const model = activeDashboardModel();
                if (!model) {
                    throw new Error("no spreadsheet model on screen");
                }
                let state = evaluationState(model);
                for (let wait = 0; state.loading.length && wait < 100; wait++) {
                    await new Promise((resolve) => setTimeout(resolve, 200));
                    state = evaluationState(model);
                }
                if (state.loading.length || state.errors.length) {
                    throw new Error(
                        `dashboard cells: loading ${state.loading.join(" ")}; ` +
                            `errors ${state.errors.join(" | ")}`
                    );
                }
                const dataSheet = model.getters
                    .getSheetIds()
                    .find((id) => model.getters.getSheetName(id) === "Data");
                const customers = model.getters.getEvaluatedCell({
                    sheetId: dataSheet,
                    col: 1,
                    row: 1,
                }).value;
                if (!(customers >= 1)) {
                    throw new Error(`customer count is ${customers}`);
                }
                document.body.classList.add("o_travel_dashboard_checked");
            },
        },
        {
            content: "The check ran",
            trigger: "body.o_travel_dashboard_checked",
        },
    ],
});
