"""Values of Kolada key figures, fetched from Kolada's open API (v2) by `flask followup
kolada`, run from a schedule, or for one process's indicators when staff ask (the
`kolada_fetch` job). Each answer is kept as it came (KoladaResponse) with the time
it was fetched; an indicator's yearly values are the total (gender "T") of each period.

When Kolada cannot be reached, answers slowly or does not know the key figure or the
municipality, the values already there stay, and the indicator keeps why the last attempt
failed: the progress page says how old its values are."""
import json
import logging
import math
import urllib.error
import urllib.request

from flask import current_app
from sqlalchemy import select

from app import jobs
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.models import Indicator, IndicatorSource, IndicatorValue, KoladaResponse

log = logging.getLogger(__name__)
MAX_PAGES = 20


class KoladaUnavailable(Exception):
    """Kolada did not answer usefully; the message says why, for staff."""


def http_get(url, timeout):
    """Kolada's answer to `url` as text. Tests replace this with recorded answers."""
    request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                   "User-Agent": "Medborgardialog"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.read().decode("utf-8")
    except TimeoutError:
        raise KoladaUnavailable(str(_l("Kolada did not answer within %(seconds)s seconds.",
                                       seconds=f"{timeout:g}")))
    except (urllib.error.URLError, OSError) as error:
        raise KoladaUnavailable(str(_l("Kolada could not be reached (%(reason)s).",
                                       reason=getattr(error, "reason", error))))


def data_url(kpi, municipality):
    base = current_app.config["KOLADA_URL"].rstrip("/")
    return f"{base}/data/kpi/{kpi}/municipality/{municipality}"


def parse(body, kpi, municipality):
    """{year: value} from one page of Kolada's answer; the next page's address, if any."""
    try:
        data = json.loads(body)
        series = {}
        for entry in data["values"]:
            if entry.get("kpi") != kpi or str(entry.get("municipality")) != municipality:
                continue
            for value in entry.get("values", []):
                if value.get("gender") == "T" and value.get("value") is not None:
                    number = float(value["value"])
                    if math.isfinite(number):  # NaN or 1e999 in the JSON: not a figure
                        series[int(entry["period"])] = number
        return series, data.get("next_page")
    except (ValueError, KeyError, TypeError, AttributeError):
        raise KoladaUnavailable(str(_l("Kolada's answer could not be read.")))


def fetch_series(kpi, municipality):
    """The key figure's yearly values in the municipality and the answer's text, as Kolada
    gives them now; KoladaUnavailable when it cannot or knows none."""
    timeout = current_app.config["KOLADA_TIMEOUT"]
    url, series, pages = data_url(kpi, municipality), {}, []
    for _page in range(MAX_PAGES):
        body = http_get(url, timeout)
        found, url = parse(body, kpi, municipality)
        series.update(found)
        pages.append(body)
        if not url:
            break
    if not series:
        raise KoladaUnavailable(str(_l(
            "Kolada has no values for key figure %(kpi)s in municipality %(municipality)s: "
            "check that both ids exist.", kpi=kpi, municipality=municipality)))
    return series, pages[0] if len(pages) == 1 else json.dumps([json.loads(p) for p in pages])


def refresh(now, indicators=None):
    """Fetch every Kolada indicator's values (or those given); returns (fetched, failed).
    One answer per key figure and municipality, however many indicators share it."""
    indicators = indicators if indicators is not None else db.session.scalars(
        select(Indicator).where(Indicator.source == IndicatorSource.KOLADA)).all()
    keys = sorted({(i.kolada_kpi, i.kolada_municipality) for i in indicators})
    fetched = failed = 0
    for kpi, municipality in keys:
        sharing = [i for i in indicators if (i.kolada_kpi, i.kolada_municipality) ==
                   (kpi, municipality)]
        try:
            series, body = fetch_series(kpi, municipality)
        except KoladaUnavailable as error:
            log.warning("Kolada %s/%s not fetched: %s", kpi, municipality, error)
            for indicator in sharing:
                indicator.fetch_error = str(error)[:300]
            db.session.commit()
            failed += 1
            continue
        store(kpi, municipality, series, body, now, sharing)
        fetched += 1
    return fetched, failed


@jobs.task("kolada_fetch")
def fetch_for_process(process_id):
    """The Kolada indicators of one process's goals and board goals, fetched now. When not
    one of them could be fetched, the job fails (Administration → Jobb shows it, and it is
    tried again), rather than being done with nothing done."""
    from app.models import Process
    from app.models.base import utcnow
    from app.services.followup.indicators import indicators_of
    process = db.session.get(Process, process_id)
    fetched, failed = refresh(utcnow(), [i for i in indicators_of(process) if i.is_kolada])
    if failed and not fetched:
        raise KoladaUnavailable(f"None of the {failed} Kolada key figures could be fetched: "
                                "each one's page says why.")
    return fetched, failed


def store(kpi, municipality, series, body, now, indicators):
    """Keep Kolada's answer and put its values on the indicators: one unit of work."""
    cached = db.session.scalar(select(KoladaResponse).where(
        KoladaResponse.kpi == kpi, KoladaResponse.municipality == municipality))
    if cached is None:
        cached = KoladaResponse(kpi=kpi, municipality=municipality)
        db.session.add(cached)
    cached.body, cached.fetched_at = body, now
    for indicator in indicators:
        existing = {v.year: v for v in indicator.values}
        for year, value in series.items():
            if year in existing:
                existing[year].value, existing[year].origin = value, "kolada"
            else:
                indicator.values.append(IndicatorValue(year=year, value=value, origin="kolada"))
        indicator.fetched_at, indicator.fetch_error = now, ""
    db.session.commit()
