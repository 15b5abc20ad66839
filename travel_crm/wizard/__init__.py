from . import travel_booking_cancel
