# Proposals: alternatives offered to the customer, sending, online acceptance
# with a signature, and the decline.
from . import travel_booking_option
from . import travel_booking_line
from . import travel_booking
from . import res_company
from . import res_config_settings
