from . import test_travel_booking
from . import test_loyalty_fifo
from . import test_loyalty_ledger
from . import test_loyalty_access
from . import test_loyalty_concurrency
from . import test_loyalty_views
