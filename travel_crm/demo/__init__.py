# The demo agency's generator, called by demo/travel_agency_demo.xml: the model
# (travel_demo) first, then one extension per concern.
from . import travel_demo
from . import travel_demo_travellers
from . import travel_demo_bookings
from . import travel_demo_money
from . import travel_demo_service
from . import travel_demo_sla
from . import travel_demo_segments
