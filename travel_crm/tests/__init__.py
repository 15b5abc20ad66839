from . import test_travel_booking
from . import test_sla_calc
from . import test_travel_complaint
from . import test_travel_feedback
from . import test_complaint_mail_gateway
from . import test_feedback_controller
from . import test_service_access
from . import test_supplier_scorecard
