# Supplier payments: due-date rules per supplier or service type, the due date
# of the vendor bills made from bookings, and the accountants' list of what to
# pay next beside what the customer has paid.
from . import travel_supplier_payment_rule
from . import travel_booking_line
from . import travel_booking
from . import account_move
from . import res_partner
