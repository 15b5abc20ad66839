# Who may enter where: entry rules by destination and nationality, Chinese
# travel permits and ID cards, passport names, and the public holidays of
# working calendars.
from . import travel_destination_rule
from . import travel_document
from . import res_partner
from . import travel_booking
from . import travel_booking_line
from . import travel_engagement_rule
from . import resource_calendar
