from . import test_travel_booking
from . import test_travel_tours
from . import test_customer_value_rules
from . import test_customer_value
from . import test_customer_value_multicompany
from . import test_customer_value_access
from . import test_customer_value_tour
