"""The world the migrants move through, as arrays: places, links, crossings, consulates and
evacuation offers, with the crisis timeline applied as the days pass.

Built once from a `Scenario`; `advance(day)` applies timeline events and reports whether the
road graph changed (so route tables are recomputed only then).
"""

from __future__ import annotations

import numpy as np

from micic_sim.codes import DocRule, Mode, PlaceKind, parse
from micic_sim.scenario import Scenario


class World:
    def __init__(self, s: Scenario) -> None:
        self.scenario = s
        pidx = s.place_index
        nidx = s.nationality_index
        self.place_ids: list[str] = list(s.places["id"])
        self.nat_ids: list[str] = [n.id for n in s.nationalities]
        P, NAT = len(self.place_ids), len(self.nat_ids)
        self.n_places, self.n_nat = P, NAT
        pl = s.places
        self.place_kind = np.array([parse(PlaceKind, k) for k in pl["kind"]], np.int8)
        self.place_host = (pl["country"] == s.host_country).to_numpy()
        self.place_country: list[str] = list(pl["country"])
        self.place_capacity = pl["capacity"].to_numpy(np.float64)  # -1 unlimited
        # Daily chance that a local wayfinder moves on from here; -1: by kind (kernels.wayfind).
        self.place_move_chance = pl["move_chance"].to_numpy(np.float64)
        self.place_lat = pl["lat"].to_numpy(np.float64)
        self.place_lon = pl["lon"].to_numpy(np.float64)
        self.hazard = np.zeros(P, np.float32)
        # Reasons to leave that follow nationality, not place (timeline events): violence aimed
        # at a group wherever its members are, and a State calling its nationals home.
        self.group_hazard = np.zeros(NAT, np.float32)
        self.call = np.zeros(NAT, np.float32)
        self._nidx = nidx

        # Directed links (two-way rows give two links), remembering the scenario link id.
        frm, to, km, mode, cap, lid, back = [], [], [], [], [], [], []
        self.link_ids: list[str] = list(s.links["id"])
        for j, r in enumerate(s.links.itertuples(index=False)):
            pairs = [(r[1], r[2])] + ([(r[2], r[1])] if r.two_way else [])
            for k, (a, b) in enumerate(pairs):
                back.append(k == 1)
                frm.append(pidx[a])
                to.append(pidx[b])
                km.append(r.distance_km)
                mode.append(parse(Mode, r.mode))
                cap.append(r.daily_capacity)
                lid.append(j)
        self.link_from = np.array(frm, np.int32)
        self.link_to = np.array(to, np.int32)
        self.link_km = np.array(km, np.float32)
        self.link_mode = np.array(mode, np.int8)
        self.link_cap_day = np.array(cap, np.float64)  # -1 unlimited
        self._link_cap_base = self.link_cap_day.copy()  # `link_capacity` events scale this
        self.link_scn = np.array(lid, np.int32)
        # Each direction of a two-way link queues and is counted on its own, so each has its
        # own label: 'link:<id>' from the row's `from` to its `to`, 'link:<id>:reverse' back.
        self.link_labels = [
            f"link:{self.link_ids[j]}" + (":reverse" if b else "")
            for j, b in zip(lid, back, strict=True)
        ]
        self.link_open = np.ones(len(frm), bool)

        cr = s.crossings
        C = len(cr)
        self.crossing_ids: list[str] = list(cr["id"])
        self.cr_exit = np.array([pidx[p] for p in cr["exit_place"]], np.int32)
        self.cr_entry = np.array([pidx[p] for p in cr["entry_place"]], np.int32)
        self.cr_cap_day = cr["daily_capacity"].to_numpy(np.float64, copy=True)
        self._cr_cap_base = self.cr_cap_day.copy()  # `crossing_capacity` events scale this
        self.cr_km = cr["distance_km"].to_numpy(np.float64)
        self.cr_doc_rule = np.array([parse(DocRule, d) for d in cr["documents"]], np.int8)
        self.cr_visa = np.zeros((C, NAT), bool)
        for c, lst in enumerate(cr["visa_required"]):
            for nat in lst:
                if nat == "all":
                    self.cr_visa[c, :] = True
                else:
                    self.cr_visa[c, nidx[nat]] = True
        # Onward ticket demanded on entry (the entry country's own nationals are exempt).
        self.cr_onward = np.zeros((C, NAT), bool)
        own_country = [
            self.place_country[pidx[n.origin]] if n.origin else None for n in s.nationalities
        ]
        # A crossing into a nationality's own country: its nationals are always let in.
        self.cr_own = np.array(
            [[own == self.place_country[e] for own in own_country] for e in self.cr_entry], bool
        ).reshape(C, NAT)
        for c, lst in enumerate(cr["onward_required"]):
            for k in range(NAT):
                if ("all" in lst or self.nat_ids[k] in lst) and not self.cr_own[c, k]:
                    self.cr_onward[c, k] = True
        # Held at the gate while not admitted (its own nationals are always admitted).
        self.cr_holds = np.zeros((C, NAT), bool)
        for c, lst in enumerate(cr["holds"]):
            for k in range(NAT):
                if ("all" in lst or self.nat_ids[k] in lst) and not self.cr_own[c, k]:
                    self.cr_holds[c, k] = True
        self.cr_exit_permit = cr["exit_permit"].to_numpy(bool)
        self.cr_exit_fee = cr["exit_fee_usd"].to_numpy(np.float64)
        self.cr_overstay = cr["overstay_penalty_usd"].to_numpy(np.float64)
        self.cr_detains = cr["detains_irregular"].to_numpy(bool)
        self.cr_open = np.ones(C, bool)

        co = s.consulates
        self.consulate_ids: list[str] = list(co["id"])
        self.co_nat = np.array([nidx[x] for x in co["nationality"]], np.int32)
        self.co_place = np.array([pidx[p] for p in co["place"]], np.int32)
        self.co_cap_day = co["daily_capacity"].to_numpy(np.float64)
        self.co_open = np.ones(len(co), bool)

        self.evacuations = s.evacuations.copy()

        tl = s.timeline.sort_values(["day", "_row"], kind="stable")
        self._events = list(tl.itertuples(index=False))
        self._next_event = 0
        self._link_index = {x: i for i, x in enumerate(self.link_ids)}
        self._crossing_index = {x: i for i, x in enumerate(self.crossing_ids)}
        self._consulate_index = {x: i for i, x in enumerate(self.consulate_ids)}
        self._pidx = pidx
        self._nat_masks: dict[tuple[str, ...], np.ndarray] = {}

    def nat_mask(self, nationalities: list[str]) -> np.ndarray:
        """Boolean mask over nationalities; empty list or 'all' means everyone. Read-only and
        memoised: the rules ask for the same few masks on every step."""
        key = tuple(nationalities or ())
        mask = self._nat_masks.get(key)
        if mask is None:
            mask = self._nat_masks[key] = self._make_nat_mask(list(key))
            mask.flags.writeable = False
        return mask

    def _make_nat_mask(self, nationalities: list[str]) -> np.ndarray:
        if not nationalities or "all" in nationalities:
            return np.ones(self.n_nat, bool)
        mask = np.zeros(self.n_nat, bool)
        idx = {x: i for i, x in enumerate(self.nat_ids)}
        for x in nationalities:
            if x == "unrepresented":
                mask |= ~np.isin(np.arange(self.n_nat), self.co_nat)
            elif x not in idx:
                raise KeyError(f"unknown nationality '{x}'; known: {', '.join(self.nat_ids)}")
            else:
                mask[idx[x]] = True
        return mask

    @property
    def events_applied(self) -> int:
        """How many timeline events have been applied: the world's tables (hazard, links,
        crossings, consulates) change only when this grows, so the rules can tell a step on
        which nothing in the world changed."""
        return self._next_event

    def advance(self, day: float) -> tuple[bool, bool]:
        """Apply timeline events up to `day`; whether links, and whether crossings, opened or
        closed (planners route over links; local wayfinders also see crossings)."""
        graph_changed = False
        crossings_changed = False
        while self._next_event < len(self._events) and self._events[self._next_event].day <= day:
            ev = self._events[self._next_event]
            self._next_event += 1
            kind, target = ev.event, ev.target
            if kind == "hazard":
                self.hazard[self._pidx[target]] = ev.value
            elif kind in ("group_hazard", "call_home"):
                arr = self.group_hazard if kind == "group_hazard" else self.call
                value = 1.0 if np.isnan(ev.value) else ev.value
                for nat in str(target).split(";"):
                    arr[self._nidx[nat.strip()]] = value
            elif kind in ("close_link", "open_link"):
                sel = self.link_scn == self._link_index[target]
                self.link_open[sel] = kind == "open_link"
                graph_changed = True
            elif kind in ("close_crossing", "open_crossing"):
                self.cr_open[self._crossing_index[target]] = kind == "open_crossing"
                crossings_changed = True
            elif kind == "link_capacity":  # e.g. roadblocks on the way to a border
                sel = self.link_scn == self._link_index[target]
                self.link_cap_day[sel] = self._link_cap_base[sel] * ev.value
            elif kind == "crossing_capacity":  # e.g. exit restricted by the host's forces
                c = self._crossing_index[target]
                self.cr_cap_day[c] = self._cr_cap_base[c] * ev.value
            else:
                self.co_open[self._consulate_index[target]] = kind == "open_consulate"
        return graph_changed, crossings_changed
