import { registry } from "@web/core/registry";

// An agent puts a complaint on hold while waiting for the customer's photos,
// then takes it back when they arrive: the SLA clock stops and runs again.
registry.category("web_tour.tours").add("travel_crm_complaint_waiting_tour", {
    url: "/odoo/action-travel_crm.travel_complaint_action",
    steps: () => [
        {
            content: "Open the traveller's complaint",
            trigger: ".o_kanban_record:contains('Stained carpet in room 207')",
            run: "click",
        },
        {
            content: "Wait for the customer's photos",
            trigger: "button[name='action_wait']:contains('Wait for Customer')",
            run: "click",
        },
        {
            content: "The status bar shows it waiting",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value='waiting']",
        },
        {
            content: "The form says since when it waits",
            trigger: ".o_field_widget[name='waiting_since'] span:not(:empty)",
        },
        {
            content: "The chatter says the clock stopped",
            trigger: ".o-mail-Message:contains('the SLA clock is stopped')",
        },
        {
            content: "The photos arrived: take it back",
            trigger: "button[name='action_start']:contains('Resume')",
            run: "click",
        },
        {
            content: "The status bar shows it in progress again",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value='in_progress']",
        },
        {
            content: "The chatter says how long it was on hold",
            trigger: ".o-mail-Message:contains('Back in progress')",
        },
    ],
});
