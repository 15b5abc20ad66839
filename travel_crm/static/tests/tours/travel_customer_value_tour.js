import { registry } from "@web/core/registry";

// A manager opens a customer, reads why they score so and what to offer them
// next, then recomputes the customer's value on the spot.
registry.category("web_tour.tours").add("travel_crm_customer_value_tour", {
    steps: () => [
        {
            content: "Open the Customer Value tab",
            trigger: ".o_notebook .nav-link:contains('Customer Value')",
            run: "click",
        },
        {
            content: "The explanation says which rule set the segment",
            trigger: ".o_field_widget[name='value_explanation']:contains('Segment')",
        },
        {
            content: "A tour is recommended, with the reason",
            trigger:
                ".o_field_widget[name='travel_recommendation_ids'] .o_data_row:contains('Tour'):contains('also bought')",
        },
        {
            content: "Recompute now",
            trigger: "button[name='action_travel_value_compute']",
            run: "click",
        },
        {
            content: "The update is confirmed",
            trigger: ".o_notification:contains('Customer value updated')",
        },
    ],
});
