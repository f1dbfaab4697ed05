"""Turn the scenario's ordinary rules plus the active levers into the arrays the kernels read.

The set of goal options (crossings, evacuation offers, consular posts, shelters, reception
places) is fixed for a run; what changes day by day is whether each is open, its capacity, who
is eligible and what it demands. Levers act only here (and at the start, on the population), so
each lever is a real mechanism: it changes a rule, a capacity or a channel, never an outcome.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from micic_sim.behaviour import Behaviour
from micic_sim.codes import Channel, DocRule, Mode, OptionKind, PlaceKind
from micic_sim.kernels.common import CH_DIASPORA, CH_MEDIA_MULTI, CH_SMS, CH_SOCIAL
from micic_sim.levers.catalogue import Lever, scopes
from micic_sim.rng import STREAMS
from micic_sim.scenario.tables import ConfigError
from micic_sim.world import World

#: Most goal options a run can have: kernels.decide draws one number per option from a block of
#: this many stream ids (micic_sim.rng.STREAMS["choose"]).
MAX_OPTIONS = STREAMS["choose"].size

# Information channels per nationality (columns of Rules.channels): codes.Channel.
N_CHANNELS = len(Channel)

# Which of the `crossings`, `places` and `nationalities` settings each lever honours: each
# lever's `About.scope` (levers/catalogue.py). Setting one it does not honour is an error.
SCOPES: dict[str, frozenset[str]] = scopes()


@dataclass
class Options:
    """Static description of every option a person can pursue."""

    kind: np.ndarray  # int8 OptionKind
    place: np.ndarray  # int32: where one goes to use it
    target: np.ndarray  # int32: where it takes one (entry place, evacuation destination), or -1
    crossing: np.ndarray  # int32 crossing index or -1
    source: np.ndarray  # int32 index in its own table (crossing, offer, post, place)
    labels: list[str]

    @property
    def n(self) -> int:
        return len(self.kind)


class Rules:
    """Per-step rule arrays (see module docstring). Attributes are plain NumPy arrays."""

    def __init__(self, world: World, levers: dict[str, Lever], behaviour: Behaviour) -> None:
        self.world = world
        self.levers = levers
        self.behaviour = behaviour
        self._active: dict[str, bool] = {name: False for name in levers}
        self._masks: dict[tuple, np.ndarray] = {}  # lever masks over crossings/places, by key
        validate_where(world, levers)
        w = world
        # Evacuation offers: the scenario's, then extra ones from the evacuation_transport lever.
        evac = w.evacuations.to_dict("records")
        for k, offer in enumerate(levers["evacuation_transport"].offers):
            evac.append(self._offer_row(offer, k))
        self.offers = evac
        # Where each offer leaves from (country) and whom it takes: for onward tickets.
        self._offer_country = [
            (w.place_country[w._pidx[o["from_place"]]], w.nat_mask(list(o["nationalities"])))
            for o in evac
        ]
        # The offers' fixed fields as arrays, so the daily update is a few array operations.
        self._offer_start = np.array([o["start_day"] for o in evac], np.float64)
        self._offer_end = np.array([o["end_day"] for o in evac], np.float64)
        self._offer_extra = np.array([bool(o.get("extra", False)) for o in evac], bool)
        self._offer_seats = np.array([o["seats_per_day"] for o in evac], np.float64)
        self._offer_from = np.array([w._pidx[o["from_place"]] for o in evac], np.int64)
        self._offer_nats = np.array([nats for _, nats in self._offer_country], bool).reshape(
            len(evac), w.n_nat
        )
        self._offer_doc = np.array(
            [DocRule.PASSPORT if o["requires_document"] else DocRule.NONE for o in evac], np.int8
        )
        self._offer_fee = np.array([o["fare_usd"] for o in evac], np.float64)
        self._offer_instructed = np.array([bool(o.get("instructed", False)) for o in evac], bool)
        # The days on which an offer's tests (`start - 1 <= day`, `start <= day`, `day <= end`)
        # change, sorted: where `day` falls among them decides every one of those tests.
        self._day_starts = np.sort(np.concatenate([self._offer_start - 1.0, self._offer_start]))
        self._day_ends = np.sort(self._offer_end)
        self._inputs: tuple | None = None  # what the last full update was computed from
        # Commercial air services home: (link, country it leaves from, nationalities whose
        # origin it reaches). A ticket on one is an onward ticket too.
        origin = np.array(
            [w._pidx[n.origin] if n.origin else -1 for n in w.scenario.nationalities], np.int64
        )
        self._air_home = [
            (j, w.place_country[w.link_from[j]], origin == w.link_to[j])
            for j in np.flatnonzero(w.link_mode == Mode.AIR)
            if (origin == w.link_to[j]).any()
        ]
        # The same as arrays over countries, for the daily onward-ticket test.
        cty = {c: k for k, c in enumerate(dict.fromkeys(w.place_country))}
        self._n_countries = len(cty)
        self._offer_cty = np.array([cty[c] for c, _ in self._offer_country], np.int64)
        self._offer_from_host = w.place_host[self._offer_from]
        self._air_link = np.array([j for j, _, _ in self._air_home], np.int64)
        self._air_cty = np.array([cty[c] for _, c, _ in self._air_home], np.int64)
        self._air_nats = np.array([n for _, _, n in self._air_home], bool).reshape(-1, w.n_nat)
        self._entry_cty = np.array([cty[w.place_country[e]] for e in w.cr_entry], np.int64)
        # Alternative consular posts: one per place named by the lever; by default where the
        # diplomatic posts are (or, with none in the country, in every host-country city).
        alt = levers["alternative_consular"]
        alt_places: list[int] = []
        if alt.enabled:
            default = list(dict.fromkeys(int(p) for p in w.co_place)) or [
                int(p) for p in np.flatnonzero(w.place_host & (w.place_kind == PlaceKind.CITY))
            ]
            alt_places = [w._pidx[p] for p in alt.places] if alt.places else default
        kind, place, target, crossing, source, labels = [], [], [], [], [], []

        def add(k: OptionKind, p: int, t: int, c: int, src: int, label: str) -> None:
            kind.append(int(k))
            place.append(p)
            target.append(t)
            crossing.append(c)
            source.append(src)
            labels.append(label)

        for c, cid in enumerate(w.crossing_ids):
            add(OptionKind.CROSSING, w.cr_exit[c], w.cr_entry[c], c, c, f"crossing:{cid}")
        for e, offer in enumerate(evac):
            add(
                OptionKind.EVACUATION,
                w._pidx[offer["from_place"]],
                w._pidx[offer["to_place"]],
                -1,
                e,
                f"evacuation:{offer['id']}",
            )
        for k, kid in enumerate(w.consulate_ids):
            add(OptionKind.CONSULATE, w.co_place[k], -1, -1, k, f"consulate:{kid}")
        self.n_posts = len(w.consulate_ids)
        for j, p in enumerate(alt_places):
            add(
                OptionKind.CONSULATE,
                p,
                -1,
                -1,
                self.n_posts + j,
                f"consulate:alternative@{w.place_ids[p]}",
            )
        for p in np.flatnonzero((w.place_kind == PlaceKind.SHELTER) & w.place_host):
            add(OptionKind.SHELTER, p, -1, -1, p, f"shelter:{w.place_ids[p]}")
        for p in np.flatnonzero((w.place_kind == PlaceKind.RECEPTION) & ~w.place_host):
            add(OptionKind.RECEPTION, p, -1, -1, p, f"reception:{w.place_ids[p]}")
        self.options = Options(
            np.array(kind, np.int8),
            np.array(place, np.int32),
            np.array(target, np.int32),
            np.array(crossing, np.int32),
            np.array(source, np.int32),
            labels,
        )
        if self.options.n > MAX_OPTIONS:
            raise ConfigError(
                "scenario",
                f"{self.options.n} goal options (crossings, evacuation offers, consular posts,"
                f" shelters, reception places); at most {MAX_OPTIONS} are supported",
            )
        n_opt, NAT = self.options.n, w.n_nat
        self.alt_places = alt_places
        self.opt_open = np.zeros(n_opt, bool)
        self.opt_cap_day = np.zeros(n_opt, np.float64)
        self.opt_nat_ok = np.zeros((n_opt, NAT), bool)
        self.opt_primary = np.zeros((n_opt, NAT), bool)  # nationalities served first (evac offers)
        self.opt_doc_rule = np.full(n_opt, DocRule.NONE, np.int8)
        self.opt_fee = np.zeros(n_opt, np.float64)
        self.opt_overstay = np.zeros(n_opt, np.float64)
        self.opt_exit_permit = np.zeros(n_opt, bool)
        self.opt_detain_p = np.zeros(n_opt, np.float64)
        self.opt_official = np.zeros(n_opt, bool)
        self.opt_protect = np.zeros(n_opt, bool)
        # (option, nationality): a crossing into that nationality's own country (always admitted).
        self.opt_own_nat = np.zeros((n_opt, NAT), bool)
        self.opt_own_nat[: len(w.crossing_ids)] = w.cr_own
        self.opt_priority = np.zeros(n_opt, bool)
        # (crossing option, nationality): held at the gate while not admitted (crossings.csv
        # `holds`), and whether their way home is arranged today (see `_update_holds`).
        self.opt_holds = np.zeros((n_opt, NAT), bool)
        self.opt_holds[: len(w.crossing_ids)] = w.cr_holds
        self.opt_release_day = np.full((n_opt, NAT, 2), np.inf)
        # A called national's State's own rides and the crossings towards them (see
        # `_update_instructions`), and the nationalities whose State directs them there today.
        self.opt_state_ride = np.zeros((n_opt, NAT), bool)
        self.state_directs = np.zeros(NAT, bool)
        # Per (place, nationality): 1 where that nationality's State runs (or has announced)
        # its own transport without having called them home, and it is on their way out: it
        # leaves from the host country, or from the country that the place's nearest open
        # crossing leads into (`update_offers`). An offer draws out those willing to go.
        self._offer_cty_nat = np.zeros((self._n_countries, NAT), bool)
        self._offer_in_host = np.zeros(NAT, bool)
        self.place_offers = np.zeros((w.n_places, NAT), np.float64)
        self.opt_in_host = w.place_host[self.options.place]
        beds = (self.options.kind == OptionKind.SHELTER) | (
            self.options.kind == OptionKind.RECEPTION
        )
        self._bed_options = np.flatnonzero(beds)  # shelters and reception places
        self.fare_cover = np.zeros(NAT, bool)
        self.employer_cover = False
        self.doc_return_rate = np.zeros(NAT, np.float64)
        self.channels = np.zeros((NAT, N_CHANNELS), np.float64)
        self.peer_multiplier = 1.0
        self.hotline_daily_calls = 0.0
        self.hotline_call_rate = 0.0
        self.diaspora_transfer_usd = 0.0
        self.diaspora_transfer_rate = 0.0
        self.detention_active = True
        self.release_detainees = False
        self.hardship_factor = 1.0
        self.patience_factor = 1.0
        self.sea_factor = 1.0
        self.child_priority = False
        self.place_capacity = w.place_capacity.copy()
        self.scale = 1.0  # agents per real person (set by the model when it rescales)

    # -- helpers -----------------------------------------------------------------------------
    def _offer_row(self, offer: dict, k: int) -> dict:
        """An extra offer from the evacuation_transport lever, checked like a CSV row."""
        required = {"from_place", "to_place", "start_day", "end_day", "seats_per_day"}
        missing = required - set(offer)
        if missing:
            raise ConfigError(
                f"levers.evacuation_transport.offers[{k}]", f"missing {sorted(missing)}"
            )
        for key in ("from_place", "to_place"):
            if offer[key] not in self.world._pidx:
                raise ConfigError(
                    f"levers.evacuation_transport.offers[{k}].{key}",
                    f"unknown place '{offer[key]}'",
                )
        nats = offer.get("nationalities", "all")
        nats = nats if isinstance(nats, list) else str(nats).split(";")
        return {
            "id": offer.get("id", f"extra_{k}"),
            "operator": offer.get("operator", "lever"),
            "from_place": offer["from_place"],
            "to_place": offer["to_place"],
            "mode": offer.get("mode", "air"),
            "start_day": float(offer["start_day"]),
            "end_day": float(offer["end_day"]),
            "seats_per_day": float(offer["seats_per_day"]),
            "nationalities": nats,
            "requires_document": bool(offer.get("requires_document", True)),
            "fare_usd": float(offer.get("fare_usd", 0.0)),
            "instructed": False,
            "extra": True,
        }

    def is_active(self, name: str) -> bool:
        return self._active[name]

    def _update_active(self, day: float) -> None:
        w = self.world
        for name, lv in self.levers.items():
            if self._active[name] or not lv.enabled:
                continue
            if lv.trigger_place is not None:
                self._active[name] = bool(w.hazard[w._pidx[lv.trigger_place]] >= lv.trigger_hazard)
            else:
                self._active[name] = day >= lv.start_day

    def _crossing_mask(self, lv: Lever) -> np.ndarray:
        return self._mask("crossings", self.world.crossing_ids, lv.crossings)

    def _place_mask(self, lv: Lever) -> np.ndarray:
        return self._mask("places", self.world.place_ids, lv.places)

    def _mask(self, kind: str, ids: list[str], named: list[str] | None) -> np.ndarray:
        """Which of `ids` a lever names (all when it names none); memoised and read-only, as
        the rules ask for the same few masks on every step."""
        key = (kind, tuple(named or ()))
        if key not in self._masks:
            mask = np.array([not named or x in named for x in ids], bool)
            mask.flags.writeable = False
            self._masks[key] = mask
        return self._masks[key]

    def _onward_open(self, day: float) -> np.ndarray:
        """(crossing, nationality): is there a way home from the crossing's entry country today
        (an onward ticket, where the crossing demands one)? An evacuation offer for that
        nationality leaving from that country, or a commercial air service from it to the
        nationality's origin. Whether a person can pay the fare is theirs to find out there:
        those who cannot wait for an evacuation in the entry country."""
        w = self.world
        if not w.cr_onward.any():
            return np.zeros((len(w.crossing_ids), w.n_nat), bool)
        serving = (self._offer_start <= day) & (day <= self._offer_end)
        from_country = np.zeros((self._n_countries, w.n_nat), bool)  # a way home from there
        np.logical_or.at(from_country, self._offer_cty[serving], self._offer_nats[serving])
        air = w.link_open[self._air_link]
        np.logical_or.at(from_country, self._air_cty[air], self._air_nats[air])
        return from_country[self._entry_cty]

    # -- the daily update --------------------------------------------------------------------
    def update(self, day: float, occupancy: np.ndarray) -> bool:
        """Recompute every rule array for `day` from the world state and the active levers,
        area by area (the order matters: places read the detention rule set at crossings, and
        child protection's priority overrides the border management's). Returns whether
        anything but the places' free beds was recomputed.

        Crossings, evacuation offers, consular posts and support depend on the day only
        through the offers' opening and closing days, and otherwise on the world (which
        changes with timeline events) and the active levers: on a step where none of these
        changed they would come out the same, so only the places' beds (which follow the
        occupancy) are updated. At 20,000 agents the full update was an eighth of a run's
        stepping (issue 16)."""
        self._update_active(day)
        inputs = (
            self.world.events_applied,
            int(np.searchsorted(self._day_starts, day, side="right")),
            int(np.searchsorted(self._day_ends, day, side="left")),
            tuple(self._active.values()),
            self.scale,
        )
        if inputs == self._inputs:
            self._update_free_beds(occupancy)  # writes only shelters' and reception places' rows
            return False
        self._inputs = inputs
        self._update_crossings(day)
        self._update_evacuations(day)
        self._update_holds()
        self._update_instructions(day)
        self._update_state_offers(day)
        self._update_consular()
        self._update_places(occupancy)
        self._update_support()
        self._scale_flows()
        return True

    def _update_crossings(self, day: float) -> None:
        """Crossings: the scenario's rules, then waivers (exit, open borders), non-refoulement,
        detention and border management."""
        w, lv, on = self.world, self.levers, self.is_active
        C = len(w.crossing_ids)
        cr = slice(0, C)
        self.opt_open[cr] = w.cr_open
        self.opt_cap_day[cr] = np.where(w.cr_cap_day < 0, np.inf, w.cr_cap_day)
        self.opt_doc_rule[cr] = w.cr_doc_rule
        self.opt_nat_ok[cr] = ~w.cr_visa & ~(w.cr_onward & ~self._onward_open(day))
        self.opt_fee[cr] = w.cr_exit_fee
        self.opt_overstay[cr] = w.cr_overstay
        self.opt_exit_permit[cr] = w.cr_exit_permit
        self.detention_active = not on("no_detention")
        self.release_detainees = on("no_detention") and lv["no_detention"].release_detainees
        self.opt_detain_p[cr] = np.where(
            w.cr_detains & self.detention_active, self.behaviour.detain_p_border, 0.0
        )
        self.opt_official[cr] = w.cr_detains
        self.opt_protect[cr] = on("non_refoulement") & self._crossing_mask(lv["non_refoulement"])
        self.opt_priority[cr] = on("humanitarian_border_management") & self._crossing_mask(
            lv["humanitarian_border_management"]
        )
        if on("exit_waiver"):
            m = self._crossing_mask(lv["exit_waiver"])
            x = lv["exit_waiver"]
            if x.waive_exit_permit:
                self.opt_exit_permit[cr][m] = False
            if x.waive_exit_fee:
                self.opt_fee[cr][m] = 0.0
            if x.waive_overstay_penalty:
                self.opt_overstay[cr][m] = 0.0
        if on("open_borders"):
            x = lv["open_borders"]
            m = self._crossing_mask(x)
            nats = w.nat_mask(x.nationalities)
            if x.waive_visa:
                self.opt_nat_ok[np.flatnonzero(m)[:, None], np.flatnonzero(nats)[None, :]] = True
            rule = self.opt_doc_rule[cr]
            if x.admit_without_documents:
                rule[m] = DocRule.NONE
            elif x.accept_any_document:
                rule[m & (rule == DocRule.PASSPORT)] = DocRule.ANY
            self.opt_doc_rule[cr] = rule

    def _update_evacuations(self, day: float) -> None:
        """Evacuation offers: open on their days, seats (more with evacuation_transport), who
        may board (more with evacuation_portal), documents and fares."""
        w, lv, on = self.world, self.levers, self.is_active
        C = len(w.crossing_ids)
        et = lv["evacuation_transport"]
        et_places = self._place_mask(et)
        et_nats = w.nat_mask(et.nationalities)
        portal = on("evacuation_portal") and lv["evacuation_portal"].share_unused_seats
        portal_nats = w.nat_mask(lv["evacuation_portal"].nationalities)
        et_on = on("evacuation_transport")
        start, end = self._offer_start, self._offer_end
        serving = (start <= day) & (day <= end)
        more = (
            et_on
            & ~self._offer_extra
            & et_places[self._offer_from]
            & (self._offer_nats & et_nats).any(axis=1)
        )
        offers = slice(C, C + len(self.offers))
        self.opt_open[offers] = (start - 1.0 <= day) & (day <= end) & (~self._offer_extra | et_on)
        self.opt_cap_day[offers] = np.where(
            serving, self._offer_seats * np.where(more, et.seats_multiplier, 1.0), 0.0
        )
        self.opt_primary[offers] = self._offer_nats
        self.opt_nat_ok[offers] = (self._offer_nats | portal_nats) if portal else self._offer_nats
        self.opt_doc_rule[offers] = self._offer_doc
        self.opt_fee[offers] = self._offer_fee

    def _update_holds(self) -> None:
        """When the way home of people held at a crossing's gate (crossings.csv `holds`) is
        arranged: the first day of an evacuation for their nationality that leaves from the
        entry country and is announced or running (open, with seats when it runs; more of them
        with the evacuation_transport lever, and the evacuation_portal's shared seats). In 2011
        the States and IOM that flew people home from Djerba and Egypt registered them at the
        border and issued their travel documents, and Tunisia and Egypt let them through for it
        (SOURCES.md §4, [A94]). `opt_release_day[o, nat, 0]` counts only evacuations that ask
        for no papers, `[..., 1]` every one (for those holding papers); +inf where none is
        announced (kernels.common.release_day). Read after `_update_evacuations`."""
        C = len(self.world.crossing_ids)
        self.opt_release_day[:C] = np.inf
        if not self.opt_holds[:C].any():
            return
        offers = slice(C, C + len(self.offers))
        ok = self.opt_open[offers] & (self._offer_seats > 0)
        nats = self.opt_nat_ok[offers] & ok[:, None]
        first = np.where(nats, self._offer_start[:, None], np.inf)  # (offer, nationality)
        no_papers = (self.opt_doc_rule[offers] == DocRule.NONE)[:, None]
        by_cty = np.full((self._n_countries, self.world.n_nat, 2), np.inf)
        np.minimum.at(by_cty[:, :, 0], self._offer_cty, np.where(no_papers, first, np.inf))
        np.minimum.at(by_cty[:, :, 1], self._offer_cty, first)
        held = self.opt_holds[:C, :, None]
        self.opt_release_day[:C] = np.where(held, by_cty[self._entry_cty], np.inf)

    def _update_instructions(self, day: float) -> None:
        """Where a State that has called its nationals home told them to go. In Libya in 2011
        States that came for their nationals told them where to gather and to wait for their
        ships and planes (India: Tripoli, Sebha, Benghazi; China: Benghazi's port, Tripoli's
        airport and its buses to Salloum and Ras Ajdir for flights from Cairo and Djerba;
        SOURCES.md §6, §10). An offer marked `instructed` in evacuations.csv is such a ride.
        While its State's call is on (timeline `call_home`) and one of these rides runs or is
        still to come (announced with the call), a national of that State goes to one of them
        (`opt_state_ride`): to the ride itself, or over a land border into a country from
        which one of them leaves (the State's overland route), or home over their own border.
        Once the last of them has ended, they choose as everyone does. Scenarios without
        `instructed` rides are unchanged (`state_directs` is all false)."""
        w = self.world
        C = len(w.crossing_ids)
        self.opt_state_ride[:] = False
        self.state_directs[:] = False
        live = self._offer_instructed & (day <= self._offer_end)
        if not live.any():
            return
        rides = self._offer_nats[live] & (w.call > 0)[None, :]  # (live ride, nationality)
        self.state_directs[:] = rides.any(axis=0)
        if not self.state_directs.any():
            return
        k = np.flatnonzero(live)
        self.opt_state_ride[C + k] = rides
        from_country = np.zeros((self._n_countries, w.n_nat), bool)
        np.logical_or.at(from_country, self._offer_cty[k], rides)
        self.opt_state_ride[:C] = from_country[self._entry_cty] | self.opt_own_nat[:C]

    def _update_state_offers(self, day: float) -> None:
        """A State's own transport (`instructed` rides) without a call is an offer while it
        runs, from the day before its first departure (announced) to its last: Egypt's air
        bridge from Djerba, Niger's and Chad's convoys from the border in 2011 (SOURCES.md
        §10). Called nationals are moved by the call itself. Per country the transport leaves
        from, the nationalities offered today; `update_offers` spreads them over places."""
        w = self.world
        running = (
            self._offer_instructed & (self._offer_start - 1.0 <= day) & (day <= self._offer_end)
        )
        nats = self._offer_nats[running] & (w.call <= 0)[None, :]
        self._offer_cty_nat[:] = False
        np.logical_or.at(self._offer_cty_nat, self._offer_cty[running], nats)
        self._offer_in_host[:] = nats[self._offer_from_host[running]].any(axis=0)

    def update_offers(self, route_days: np.ndarray) -> None:
        """Where each State's offer reaches (`place_offers`): every place of the host country
        if its transport leaves from there; else the places whose nearest open crossing (in
        days, on today's routes: `route_days[target, source]`) leads into a country it leaves
        from. Egypt's air bridge from Djerba in 2011 was the way home for Egyptians in the west,
        whose way out was Ras Ajdir, not for those in the east, who went home by road through
        Salloum. Called after `update` whenever the rules or the routes change."""
        w = self.world
        self.place_offers[:] = 0.0
        if not (self._offer_cty_nat.any() or self._offer_in_host.any()):
            return
        C = len(w.crossing_ids)
        days = route_days[w.cr_exit][:, : w.n_places]  # (crossing, place)
        days = np.where(self.opt_open[:C, None], days, np.inf)
        nearest = np.argmin(days, axis=0)
        reach = np.isfinite(days[nearest, np.arange(w.n_places)])
        served = self._offer_cty_nat[self._entry_cty[nearest]] & reach[:, None]
        self.place_offers[:] = (served | self._offer_in_host[None, :]) & w.place_host[:, None]

    def _update_consular(self) -> None:
        """Consular posts (continuity, laissez-passer) and alternative posts run by IOs or
        other States."""
        w, lv, on = self.world, self.levers, self.is_active
        k0 = len(w.crossing_ids) + len(self.offers)
        K = self.n_posts
        cont, lp = lv["consular_continuity"], lv["laissez_passer"]
        cont_posts = (
            on("consular_continuity")
            & w.nat_mask(cont.nationalities)[w.co_nat]
            & self._place_mask(cont)[w.co_place]
        )
        lp_posts = (
            on("laissez_passer")
            & w.nat_mask(lp.nationalities)[w.co_nat]
            & self._place_mask(lp)[w.co_place]
        )
        posts = slice(k0, k0 + K)
        self.opt_open[posts] = w.co_open | (cont_posts & cont.keep_open)
        cap = np.where(cont_posts, w.co_cap_day * cont.surge_multiplier, w.co_cap_day)
        cap = np.where(lp_posts, cap * lp.capacity_multiplier + lp.extra_daily_capacity, cap)
        self.opt_cap_day[posts] = cap
        self.opt_nat_ok[posts] = False
        self.opt_nat_ok[k0 + np.arange(K), w.co_nat] = True
        for j in range(len(self.alt_places)):
            i = k0 + K + j
            alt = lv["alternative_consular"]
            self.opt_open[i] = on("alternative_consular")
            self.opt_cap_day[i] = alt.daily_capacity
            served = w.nat_mask(alt.nationalities or ["unrepresented"])
            if alt.cover_closed_posts:
                closed = np.zeros(w.n_nat, bool)
                for k in range(K):
                    if not self.opt_open[k0 + k]:
                        closed[w.co_nat[k]] = True
                served = served | closed
            self.opt_nat_ok[i] = served

    def _update_places(self, occupancy: np.ndarray) -> None:
        """Shelters inside the host country and reception places outside it: beds (more with
        shelters and reception), free beds today, and whether they detain (firewall)."""
        self._update_beds()
        self._update_free_beds(occupancy)

    def _update_free_beds(self, occupancy: np.ndarray) -> None:
        """Shelters and reception places are open while they have free beds and are safe; they
        admit up to their free beds this step. The only rules that change on every step."""
        i = self._bed_options
        p = self.options.place[i]
        cap = self.place_capacity[p]
        free = np.where(cap < 0, np.inf, np.maximum(cap - occupancy[p], 0.0))
        self.opt_open[i] = (free > 0) & (self.world.hazard[p] < 0.5)
        self.opt_cap_day[i] = free  # admissions this step: free beds
        self.opt_nat_ok[i] = True

    def _update_beds(self) -> None:
        """Beds per shelter and reception place (more with the shelters and reception levers,
        in agents) and whether shelters detain (firewall)."""
        w, lv, on = self.world, self.levers, self.is_active
        o = self.options
        shelter = o.kind == OptionKind.SHELTER
        cap = w.place_capacity.copy()
        if on("shelters"):
            m = self._place_mask(lv["shelters"]) & (w.place_kind == PlaceKind.SHELTER)
            cap[m & (cap >= 0)] *= lv["shelters"].capacity_multiplier
        if on("reception"):
            m = self._place_mask(lv["reception"]) & (w.place_kind == PlaceKind.RECEPTION)
            cap[m & (cap >= 0)] *= 1.0 + lv["reception"].extra_capacity_share
        cap = np.where(cap >= 0, cap * self.scale, cap)  # beds, in agents
        self.place_capacity = cap
        fw = on("firewall")
        fw_places = self._place_mask(lv["firewall"]) if fw else np.zeros(w.n_places, bool)
        self.opt_official[shelter] = ~fw_places[o.place[shelter]]
        self.opt_detain_p[shelter] = np.where(
            self.opt_official[shelter] & self.detention_active, self.behaviour.detain_p_shelter, 0.0
        )

    def _update_support(self) -> None:
        """Money, documents, information and care: fares covered, passports returned,
        information channels, hotline, diaspora, hardship, patience, sea rescue, children."""
        w, lv, on = self.world, self.levers, self.is_active
        C = len(w.crossing_ids)
        self.fare_cover[:] = (
            w.nat_mask(lv["evacuation_funds"].nationalities) if on("evacuation_funds") else False
        )
        self.employer_cover = on("employer_bonds")
        self.doc_return_rate[:] = 0.0
        if on("employer_documents"):
            x = lv["employer_documents"]
            self.doc_return_rate[w.nat_mask(x.nationalities)] = x.return_rate
        self.channels[:] = 0.0
        self.peer_multiplier = 1.0
        if on("alerts"):
            x = lv["alerts"]
            m = w.nat_mask(x.nationalities)
            self.channels[m, CH_SMS] = x.sms_rate
            self.channels[m, CH_MEDIA_MULTI] = x.multilingual_media_rate
            self.channels[m, CH_SOCIAL] = x.social_media_rate
            self.peer_multiplier = x.influencer_multiplier
        if on("registration_drive"):  # the drive comes with SMS updates to those registered
            x = lv["registration_drive"]
            m = w.nat_mask(x.nationalities)
            self.channels[m, CH_SMS] = np.maximum(self.channels[m, CH_SMS], x.sms_rate)
        if on("diaspora_support"):
            x = lv["diaspora_support"]
            self.channels[w.nat_mask(x.nationalities), CH_DIASPORA] = x.information_rate
            self.diaspora_transfer_usd = x.transfer_usd
            self.diaspora_transfer_rate = x.transfer_rate
        else:
            self.diaspora_transfer_usd = self.diaspora_transfer_rate = 0.0
        self.hotline_daily_calls = lv["hotline"].daily_calls if on("hotline") else 0.0
        self.hotline_call_rate = lv["hotline"].call_rate if on("hotline") else 0.0
        self.hardship_factor = 1.0 - lv["reception"].hardship_reduction if on("reception") else 1.0
        self.patience_factor = lv["reception"].patience_multiplier if on("reception") else 1.0
        self.sea_factor = (
            1.0 - lv["search_and_rescue"].sea_harm_reduction if on("search_and_rescue") else 1.0
        )
        self.child_priority = on("child_protection")
        if self.child_priority:
            self.opt_priority[:C] = True

    def _scale_flows(self) -> None:
        o = self.options
        # Capacities are people per day in the real world; with a rescaled population each
        # agent stands for 1/scale people, so flows per day scale too (beds are scaled above).
        flows = (o.kind != OptionKind.SHELTER) & (o.kind != OptionKind.RECEPTION)
        self.opt_cap_day[flows] *= self.scale
        self.hotline_daily_calls *= self.scale


def validate_where(w: World, levers: dict[str, Lever]) -> None:
    """Each lever is limited only by scopes it honours, to crossings, places and nationalities
    the scenario has (also checked by `micic_sim.inputs` before a run starts)."""
    for name, lv in levers.items():
        for key in ("crossings", "places", "nationalities"):
            if getattr(lv, key) and key not in SCOPES.get(name, frozenset()):
                can = ", ".join(sorted(SCOPES.get(name, ()))) or "nothing: it applies everywhere"
                raise ConfigError(
                    f"levers.{name}.{key}",
                    f"this lever cannot be limited by {key} (it can be limited by {can})",
                )
        for c in lv.crossings:
            if c not in w.crossing_ids:
                raise ConfigError(
                    f"levers.{name}.crossings",
                    f"unknown crossing '{c}'; crossings: {', '.join(w.crossing_ids)}",
                )
        for p in lv.places + ([lv.trigger_place] if lv.trigger_place else []):
            if p not in w._pidx:
                raise ConfigError(f"levers.{name}", f"unknown place '{p}'")
        try:
            w.nat_mask(lv.nationalities)
        except KeyError as exc:
            raise ConfigError(f"levers.{name}.nationalities", str(exc.args[0])) from None
