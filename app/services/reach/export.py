"""The reach figures as a spreadsheet (CSV): groups only, each count as shown on the page,
so a withheld one reads "withheld" here too. Nothing about any one person."""
import csv
import io

from flask_babel import gettext as _


def shown(count):
    """A single count of people as shown: under 5, "fewer than 5"."""
    return _("fewer than 5") + "*" if count is None else count


def _in_table(count):
    """A count in the reach tables, where a figure may also be withheld because a group of
    fewer than 5 could be worked out from it: "withheld", as on the page."""
    return _("withheld") + "*" if count is None else count


def percent(share):
    return "" if share is None else f"{round(100 * share)}"


def reach_csv(reach):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("Table"), _("Group"), _("Participants"), _("Share of participants (%)"),
                     _("Share of the population (%)"), _("Furthest below its share")])
    if reach is not None:
        writer.writerow([_("All"), _("All participants"), _in_table(reach.total), "", "", ""])
        for title, dimension in ((_("Age"), reach.ages), (_("District"), reach.districts)):
            for group in dimension.groups:
                writer.writerow([title, str(group.label), _in_table(group.count),
                                 percent(group.share), percent(group.population_share),
                                 _("yes") if group.marked else ""])
        for week, count in reach.weeks:
            writer.writerow([_("Week"), week.isoformat(), _in_table(count), "", "", ""])
        for title, dimension in ((_("Age by week"), reach.ages),
                                 (_("District by week"), reach.districts)):
            for week, counts, _total in dimension.by_week:
                for group, count in zip(dimension.groups, counts):
                    writer.writerow([title, f"{week.isoformat()} {group.label}",
                                     _in_table(count), "", "", ""])
        for question, groups in reach.questions:
            for group in groups:
                writer.writerow([question.text, str(group.label), _in_table(group.count), "", "",
                                 ""])
    writer.writerow([])
    writer.writerow(["* " + _("Fewer than 5 people, or withheld so that no group of fewer "
                              "than 5 can be worked out from the other figures.")])
    return "\ufeff" + out.getvalue()
