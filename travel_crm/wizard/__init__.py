from . import travel_booking_cancel
from . import travel_loyalty_redeem_wizard
from . import travel_loyalty_adjust_wizard
from . import travel_public_holiday_import
