import { registry } from "@web/core/registry";

function pointsOf(element) {
    return parseInt(element.textContent.replace(/[^0-9+-]/g, ""), 10);
}

// A traveller checks their points on the portal, then scores the trip they
// came back from.
registry.category("web_tour.tours").add("travel_portal_loyalty_feedback_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open the loyalty points from the portal home",
            trigger: ".o_portal_index_card a[href='/my/loyalty']",
            run: "click",
        },
        {
            content: "The tier and its benefits are shown",
            trigger: ".o_travel_loyalty_benefits:contains('Free seat selection')",
        },
        {
            content: "The history lists the welcome bonus",
            trigger: ".o_travel_loyalty_history tr:contains('Welcome to the club')",
        },
        {
            content: "The balance is the sum of the history",
            trigger: ".o_travel_loyalty_balance",
            run() {
                const rows = document.querySelectorAll(".o_travel_loyalty_history_points");
                const total = [...rows].reduce((sum, cell) => sum + pointsOf(cell), 0);
                const balance = pointsOf(document.querySelector(".o_travel_loyalty_balance"));
                if (!rows.length || balance !== total) {
                    throw new Error(`balance ${balance} is not the history total ${total}`);
                }
            },
        },
        {
            content: "Back to the portal home",
            trigger: ".breadcrumb a[href='/my/home']",
            run: "click",
        },
        {
            content: "Open the trips",
            trigger: ".o_portal_index_card a[href='/my/bookings']",
            run: "click",
        },
        {
            content: "Open the trip they came back from",
            trigger: ".o_travel_booking_row a",
            run: "click",
        },
        {
            content: "Give feedback on the trip",
            trigger: ".o_travel_give_feedback",
            run: "click",
        },
        {
            content: "Score it 9 out of 10",
            trigger: "label[for='score_9']",
            run: "click",
        },
        {
            content: "Say why",
            trigger: "textarea[name='comment']",
            run: "edit The guide in Porto was wonderful.",
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
