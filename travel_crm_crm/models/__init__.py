from . import crm_lead
from . import travel_booking
