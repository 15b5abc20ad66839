from collections import defaultdict

from odoo import models
from odoo.tools import SQL

from ...tools.loyalty_fifo import fifo_allocate

CONSUMPTION_FIELDS = ("consumer_id", "award_id", "points", "reversal_id")


class TravelLoyaltyTransaction(models.Model):
    """First-in first-out links of the ledger (``travel.loyalty.consumption``).

    A lot is ``[entry id, open points, expiry date, company id, date]`` of a positive
    entry with points left; a debt is ``[entry id, uncovered points]`` of a
    negative entry that could not be covered yet. The arithmetic is
    ``fifo_allocate`` (tools/loyalty_fifo.py); this file only chooses the lots
    and records the links. Runs in ``create``, with the partners' rows locked.
    """

    _inherit = "travel.loyalty.transaction"

    def _allocate(self):
        """Link new entries to the entries they draw on, first-in first-out.

        A negative entry takes from the open positive entries older than it
        (a reversal first from the entry it reverses, an expiry only from
        expired entries); a positive entry first settles older negative
        entries that could not be covered, and one that reverses a negative
        entry gives its points back to the lots that entry drew on.
        """
        lots, debts = self._open_lots_and_debts()
        consumptions = []
        for entry in self.sorted("id"):
            partner_lots = lots[entry.partner_id.id]
            partner_debts = debts[entry.partner_id.id]
            if entry.points > 0 and entry.reversed_entry_id.points < 0:
                consumptions += entry._return_to_lots(partner_lots, partner_debts)
            elif entry.points > 0:
                consumptions += entry._settle_debts(partner_lots, partner_debts)
            else:
                consumptions += entry._draw_on_lots(partner_lots, partner_debts)
        if consumptions:
            # (consumer, award, points) rows, and the reversal of a row that
            # gives points back
            self.env["travel.loyalty.consumption"].sudo().create(
                [
                    dict(zip(CONSUMPTION_FIELDS, row, strict=False))
                    for row in consumptions
                ]
            )

    def _open_lots_and_debts(self):
        """{partner id: lots} and {partner id: debts} of these entries'
        customers, oldest first; the new negative entries are no debts yet."""
        self.flush_model()
        rows = self.env.execute_query(
            SQL(
                "SELECT id, partner_id, open_points, expiry_date, company_id, date "
                "FROM %s "
                "WHERE partner_id = ANY(%s) AND open_points != 0 "
                "ORDER BY date, id",
                SQL.identifier(self._table),
                list(set(self.partner_id.ids)),
            )
        )
        lots = defaultdict(list)
        debts = defaultdict(list)
        new_ids = set(self.ids)
        for entry_id, partner_id, open_points, expiry, company_id, date in rows:
            if open_points > 0:
                lots[partner_id].append(
                    [entry_id, open_points, expiry, company_id, date]
                )
            elif entry_id not in new_ids:
                debts[partner_id].append([entry_id, -open_points])
        return lots, debts

    def _settle_debts(self, lots, debts):
        """A new positive entry covers its customer's debts, oldest first.

        Updates ``lots`` and ``debts`` in place.
        :returns: ``[(consumer id, award id, points)]``
        """
        self.ensure_one()
        lot = next(lot for lot in lots if lot[0] == self.id)
        return self._settle_debts_from(lot, debts)

    @staticmethod
    def _settle_debts_from(lot, debts):
        """``lot`` covers the debts, oldest first (both updated in place).

        :returns: ``[(consumer id, award id, points)]``
        """
        takes, _rest = fifo_allocate(lot[1], [(debt[0], debt[1]) for debt in debts])
        consumptions = []
        for debt_id, taken in takes:
            consumptions.append((debt_id, lot[0], taken))
            lot[1] -= taken
            debt = next(debt for debt in debts if debt[0] == debt_id)
            debt[1] -= taken
        return consumptions

    def _return_to_lots(self, lots, debts):
        """A new positive entry reversing a negative one: it covers what that
        entry still owes, gives back (latest first) what it drew on each lot,
        and covers that too; the lots keep their own expiry dates. Points
        given back to a live lot then settle the customer's other debts.

        Updates ``lots`` and ``debts`` in place.
        :returns: ``[(consumer id, award id, points[, reversal id])]``
        """
        self.ensure_one()
        reversed_id = self.reversed_entry_id.id
        own = next(lot for lot in lots if lot[0] == self.id)
        debt = next((debt for debt in debts if debt[0] == reversed_id), None)
        owed = min(self.points, debt[1]) if debt else 0
        if debt:
            debt[1] -= owed
        to_return = self.points - owed
        consumptions, returned = [], []
        for award_id, held in self._held_by_reversed_entry():
            if to_return <= 0:
                break
            back = min(to_return, held)
            to_return -= back
            consumptions.append((reversed_id, award_id, -back, self.id))
            lot = self._lot_of(award_id, lots)
            lot[1] += back
            returned.append(lot)
        cover = self.points - to_return
        consumptions.append((reversed_id, self.id, cover))
        own[1] -= cover
        for lot in returned:
            if lot[1] > 0 and self._may_draw_on(lot[2], lot[3]):
                consumptions += self._settle_debts_from(lot, debts)
        return consumptions

    def _held_by_reversed_entry(self):
        """``[(award id, points)]`` the entry this one reverses still holds
        of each lot (net of points given back), the latest drawn first."""
        self.ensure_one()
        self.env["travel.loyalty.consumption"].flush_model()
        return self.env.execute_query(
            SQL(
                """
                SELECT c.award_id, SUM(c.points)
                  FROM travel_loyalty_consumption c
                  JOIN travel_loyalty_transaction a ON a.id = c.award_id
                 WHERE c.consumer_id = %(entry)s
                   AND a.reversed_entry_id IS DISTINCT FROM %(entry)s
              GROUP BY c.award_id
                HAVING SUM(c.points) > 0
              ORDER BY MAX(c.id) DESC
                """,
                entry=self.reversed_entry_id.id,
            )
        )

    def _lot_of(self, award_id, lots):
        """The lot of ``award_id`` in ``lots`` (added in date order when
        it had nothing left)."""
        lot = next((lot for lot in lots if lot[0] == award_id), None)
        if lot is None:
            award = self.browse(award_id)
            lot = [award_id, 0, award.expiry_date, award.company_id.id, award.date]
            lots.append(lot)
            lots.sort(key=lambda item: (item[4], item[0]))
        return lot

    def _draw_on_lots(self, lots, debts):
        """A new negative entry draws on the older lots it may draw on, the
        entry it reverses first; what they cannot cover becomes a debt.

        Updates ``lots`` and ``debts`` in place.
        :returns: ``[(consumer id, award id, points)]``
        """
        self.ensure_one()
        reversed_id = self.reversed_entry_id.id
        candidates = [
            lot
            for lot in lots
            if lot[0] < self.id
            and lot[1] > 0
            and (lot[0] == reversed_id or self._may_draw_on(lot[2], lot[3]))
        ]
        if reversed_id:
            candidates.sort(key=lambda lot: lot[0] != reversed_id)
        takes, shortfall = fifo_allocate(
            -self.points, [(lot[0], lot[1]) for lot in candidates]
        )
        by_id = {lot[0]: lot for lot in candidates}
        consumptions = []
        for award_id, taken in takes:
            consumptions.append((self.id, award_id, taken))
            by_id[award_id][1] -= taken
        if shortfall:
            debts.append([self.id, shortfall])
        return consumptions

    def _may_draw_on(self, expiry_date, company_id):
        """An expiry draws only on expired points of its company, anything else
        only on live points (of any company: the balance is the customer's)."""
        self.ensure_one()
        if self.transaction_type == "expire":
            return (
                bool(expiry_date)
                and expiry_date < self.date
                and company_id == self.company_id.id
            )
        return not expiry_date or expiry_date >= self.date
