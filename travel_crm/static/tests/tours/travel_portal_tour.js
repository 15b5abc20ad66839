import { registry } from "@web/core/registry";

// A traveller signs in to the portal, opens their trip and reports a problem.
registry.category("web_tour.tours").add("travel_portal_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open the trips from the portal home",
            trigger: ".o_portal_index_card a[href='/my/bookings']",
            run: "click",
        },
        {
            content: "Open the trip",
            trigger: ".o_travel_booking_row a",
            run: "click",
        },
        {
            content: "The itinerary shows the booked services",
            trigger: ".o_travel_itinerary_service:contains('Gondola ride on the Grand Canal')",
        },
        {
            content: "Report a problem with this trip",
            trigger: "a.o_travel_report_problem",
            run: "click",
        },
        {
            content: "Say what it is about",
            trigger: "input[name='subject']",
            run: "edit Broken air conditioning",
        },
        {
            content: "Describe what happened",
            trigger: "textarea[name='description']",
            run: "edit The air conditioning in our room never worked.",
        },
        {
            content: "Send the complaint",
            trigger: "button.o_travel_complaint_submit",
            run: "click",
        },
        {
            content: "The complaint page confirms it was received",
            trigger: ".o_travel_complaint_created",
        },
        {
            content: "and shows the conversation with the agency",
            trigger: "#travel_complaint_communication .o_portal_chatter",
        },
    ],
});
