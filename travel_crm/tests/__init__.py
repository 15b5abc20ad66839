from . import test_travel_booking
