import { registry } from "@web/core/registry";

// A manager opens a new complaint, starts working on it, writes how it was
// solved and resolves it.
registry.category("web_tour.tours").add("travel_crm_complaint_tour", {
    url: "/odoo/action-travel_crm.travel_complaint_action",
    steps: () => [
        {
            content: "Open the traveller's complaint",
            trigger: ".o_kanban_record:contains('Lift rattling all night by room 412')",
            run: "click",
        },
        {
            content: "Start working on it",
            trigger: "button[name='action_start']",
            run: "click",
        },
        {
            content: "The status bar shows it in progress",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value='in_progress']",
        },
        {
            content: "Open the resolution tab",
            trigger: ".o_notebook .nav-link:contains('Resolution')",
            run: "click",
        },
        {
            content: "Say what caused it",
            trigger: ".o_field_widget[name='root_cause'] select",
            run: 'select "supplier"',
        },
        {
            content: "Describe how it was solved",
            trigger: ".o_field_html[name='resolution'] .odoo-editor-editable p",
            run: "editor The hotel moved the family to a quiet sea-view room.",
        },
        {
            content: "Resolve the complaint (the form saves first)",
            trigger: "button[name='action_resolve']",
            run: "click",
        },
        {
            content: "The status bar shows it resolved",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value='resolved']",
        },
    ],
});
