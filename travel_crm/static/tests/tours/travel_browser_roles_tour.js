import { registry } from "@web/core/registry";

// A traveller gives the lowest score: 0 is a score like any other.
registry.category("web_tour.tours").add("travel_feedback_zero_tour", {
    steps: () => [
        {
            content: "Score the trip 0 out of 10",
            trigger: "label[for='score_0']",
            run: "click",
        },
        {
            trigger: "textarea[name='comment']",
            run: "edit Nothing went as promised.",
        },
        {
            content: "Send the feedback",
            trigger: ".o_travel_feedback button[type='submit']",
            run: "click",
        },
        {
            content: "The agency thanks the traveller",
            trigger: ".o_travel_feedback_thanks",
        },
    ],
});

// A billing accountant reaches the bookings from the Invoicing app and sees the
// invoicing buttons, not the agency's workflow.
registry.category("web_tour.tours").add("travel_accountant_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Invoicing app",
            trigger: ".o_app[data-menu-xmlid='account.menu_finance']",
            run: "click",
        },
        {
            content: "Open the Travel menu",
            trigger: ".o_menu_sections button[data-menu-xmlid='travel_crm.travel_account_menu']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='travel_crm.travel_account_liability_menu']",
        },
        {
            content: "Open the bookings",
            trigger: ".dropdown-item[data-menu-xmlid='travel_crm.travel_account_booking_menu']",
            run: "click",
        },
        {
            content: "Open the booking to invoice",
            trigger: ".o_data_row td:contains('Accountant Tour Customer')",
            run: "click",
        },
        {
            content: "The accountant may invoice it",
            trigger: ".o_form_view button[name='action_create_invoice']",
        },
        {
            content: "No workflow button the accountant may not press",
            trigger: ".o_form_view .o_statusbar_buttons",
            run() {
                const names = ["action_done", "action_start", "action_cancel", "action_request_supplier_confirmation", "action_send_email"];
                const shown = names.filter((name) => document.querySelector(`.o_statusbar_buttons button[name='${name}']`));
                const cancel = [...document.querySelectorAll(".o_statusbar_buttons button")].filter((b) => b.textContent.trim() === "Cancel");
                if (shown.length || cancel.length) {
                    throw new Error(`buttons the accountant cannot use: ${shown.join(", ")} ${cancel.length ? "Cancel" : ""}`);
                }
            },
        },
    ],
});

// An agent opens a confirmed trip that has not started: no Complete button.
registry.category("web_tour.tours").add("travel_future_trip_tour", {
    steps: () => [
        {
            content: "The trip can be started",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_start']",
        },
        {
            content: "The trip cannot be completed before it is over",
            trigger: ".o_form_view .o_statusbar_buttons:not(:has(button[name='action_done']))",
        },
    ],
});

// An agent opens a traveller's profile: it opens on the Traveller tab, and the
// Bookings button lists the trips the traveller ordered or travels on.
registry.category("web_tour.tours").add("travel_traveller_bookings_tour", {
    steps: () => [
        {
            content: "The profile opens on the Traveller tab",
            trigger: ".o_form_view .o_notebook .nav-link.active[name='traveller']",
        },
        {
            content: "Open the traveller's bookings",
            trigger: ".o-form-buttonbox button[name='action_view_travel_bookings']:contains('2')",
            run: "click",
        },
        {
            content: "The trip the traveller ordered is listed",
            trigger: ".o_list_view .o_data_row:contains('Trips Traveller')",
        },
        {
            content: "So is the trip someone else pays for",
            trigger: ".o_list_view .o_data_row:contains('Paying Parent')",
        },
    ],
});

// An agent working in Simplified Chinese reads whole dates in the bookings list.
registry.category("web_tour.tours").add("travel_zh_cn_dates_tour", {
    steps: () => [
        {
            content: "The bookings list shows the departure in the Chinese format",
            trigger: ".o_list_view td[name='departure_date']:contains('年')",
        },
        {
            content: "No date is cut",
            trigger: ".o_list_view td[name='return_date']:contains('年')",
            run() {
                const cells = document.querySelectorAll(
                    ".o_list_view td[name='departure_date'], .o_list_view td[name='return_date']"
                );
                const cut = [...cells].filter((cell) => cell.scrollWidth > cell.clientWidth);
                if (!cells.length || cut.length) {
                    throw new Error(`${cut.length} of ${cells.length} dates are cut`);
                }
            },
        },
    ],
});
