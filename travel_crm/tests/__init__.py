from . import test_travel_booking
from . import test_travel_tours
from . import test_travel_engagement
from . import test_travel_interaction
