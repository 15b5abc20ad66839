# Complaints and their SLA, feedback and NPS, supplier scorecards.
from . import travel_complaint_category
from . import travel_sla_policy
from . import travel_complaint_team
from . import travel_complaint
from . import travel_complaint_sla
from . import travel_complaint_compensation
from . import travel_complaint_mail
from . import travel_feedback
from . import travel_feedback_report_mixin
from . import travel_feedback_report
from . import travel_feedback_destination_report
from . import travel_booking
from . import res_partner
from . import travel_complaint_portal
