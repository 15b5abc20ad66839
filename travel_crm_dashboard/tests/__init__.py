from . import test_travel_dashboard
from . import test_travel_dashboard_tour
from . import test_translations
from . import test_travel_dashboard_migration
