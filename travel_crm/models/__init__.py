from . import travel_booking
from . import travel_booking_line
