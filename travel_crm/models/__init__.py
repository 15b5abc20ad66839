# The core: traveller profile, documents, companions, bookings and their lines,
# invoicing, suppliers and the booking's portal side.
from . import travel_booking
from . import travel_booking_completion
from . import travel_booking_itinerary
from . import travel_booking_line
from . import travel_booking_line_invoicing
from . import travel_interest_tag
from . import travel_document
from . import travel_companion
from . import res_partner
from . import res_partner_duplicate
from . import res_company
from . import res_config_settings
from . import account_move
from . import account_move_line
from . import travel_booking_invoicing
from . import res_partner_supplier
from . import travel_destination_rule
from . import travel_commission_rule
from . import travel_booking_portal
from . import res_partner_portal

# One package per feature, each with its own extensions of the core models.
from . import service
from . import engagement
from . import privacy
from . import loyalty
from . import value
from . import entry
from . import supplier_payment
from . import proposal_report
from . import proposal

# last: the input check, the outermost create/write of the models integrators write to
from . import travel_input_check
