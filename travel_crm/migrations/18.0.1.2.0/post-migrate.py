"""18.0.1.2.0: the customer-value explanation and the recommendations' reasons
are stored as data and rendered in the reader's language.

An older database has them as prose in the company's language (the columns
``res_partner.value_explanation`` and ``travel_recommendation.reason`` /
``value`` stay as they are, unused). Until the next segmentation run rewrites
them as data, a scored customer reads "Not explained yet" and an older
recommendation a reason without its seed item. Scoring again here would date
every score and the segment history to the upgrade day: the segmentation cron
is asked to run soon instead, and rewrites every customer (the stored data
differs from what it computes).
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("travel_crm.ir_cron_travel_segmentation", raise_if_not_found=False)
    if cron and cron.active:
        cron._trigger()
