# The demo agency's generator, called by demo/travel_agency_demo.xml.
from . import travel_demo
