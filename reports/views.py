"""The *Rapports* pages of the admin: a period, filters, charts and tables, and the files.

Coordinators only (they report to the funders): a trainer or a partner who types the
address is refused like anyone else.
"""

from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.charts import bar_chart
from core.roles import is_coordinator
from reports import exports, periods
from reports.forms import ReportForm
from reports.queries import REPORTS
from reports.tables import COUNT, HOURS, PEOPLE, PERCENT, shown

NUMBERS = (COUNT, HOURS, PEOPLE, PERCENT)

TITLES = {
    "activite": gettext_lazy("Activité"),
    "bpf": gettext_lazy("Bilan pédagogique et financier (BPF)"),
    "coop": gettext_lazy("Médiation numérique (La Coop)"),
    "departement": gettext_lazy("Département : RSA et quartiers prioritaires"),
    "partenaires": gettext_lazy("Partenaires"),
}


def default_period(slug, today):
    """What a report shows before anything is chosen: the BPF is filed for last year."""
    if slug == "bpf":
        return periods.year(today.year - 1)
    if slug in ("departement", "partenaires"):
        return periods.year(today.year)
    return periods.month(today)


def report_url(slug, period=None, **filters):
    url = reverse("reports:report", args=[slug])
    if period is None:
        return url
    params = {"start": f"{period.start:%d/%m/%Y}", "end": f"{period.end:%d/%m/%Y}", **filters}
    return f"{url}?{urlencode(params)}"


def chart_of(report, table):
    spec = table.chart
    if spec is None:
        return ""
    category = table.columns[spec.category]
    title = f"{report.title} — {table.title}"
    if len(spec.values) == 1:  # no legend for one series: the title says what is drawn
        title = f"{title} : {table.columns[spec.values[0]].label}"
    return bar_chart(
        title=title,
        description=spec.description
        or _("Les mêmes chiffres que le tableau « %(table)s » ci-dessous.")
        % {"table": table.title},
        categories=[shown(row[spec.category], category.kind) for row in table.rows],
        series=[(table.columns[i].label, [row[i] for row in table.rows]) for i in spec.values],
        unit="h" if all(table.columns[i].kind == HOURS for i in spec.values) else "",
        horizontal=spec.horizontal,
        stacked=spec.stacked,
        chart_id=f"graphique-{table.slug}",
    )


def _cells(columns, values):
    """(text, is a number) for each cell, as the screen shows it."""
    return [
        (shown(value, column.kind), column.kind in NUMBERS)
        for column, value in zip(columns, values, strict=True)
    ]


class ReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/report.html"
    header_icon = "table"

    def dispatch(self, request, slug):
        if not is_coordinator(request.user):
            return permission_denied(request)
        if slug not in REPORTS:
            raise Http404
        self.slug = slug
        self.today = timezone.localdate()
        return super().dispatch(request, slug)

    def get_page_title(self):
        return TITLES[self.slug]

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("reports:index"), "label": _("Rapports")},
            {"url": "", "label": TITLES[self.slug]},
        ]

    def get(self, request, slug):
        if "start" in request.GET or "end" in request.GET:
            form = ReportForm(request.GET)
        else:
            period = default_period(slug, self.today)
            form = ReportForm(
                {"start": f"{period.start:%d/%m/%Y}", "end": f"{period.end:%d/%m/%Y}"}
            )
        report = None
        if form.is_valid():
            report = REPORTS[slug](form.period(), form.filters(), today=self.today)
            wanted = request.GET.get("format")
            if wanted == "xlsx":
                return exports.workbook(report, form.period(), form.described())
            if wanted == "csv":
                table = next((t for t in report.tables if t.slug == request.GET.get("table")), None)
                if table is None:
                    raise Http404
                return exports.csv_file(report, table, form.period())
        context = self.get_context_data(form=form, report=report)
        return self.render_to_response(context)

    def get_context_data(self, form, report, **kwargs):
        context = super().get_context_data(**kwargs)
        kept = {  # the filters follow the period's shortcuts
            name: self.request.GET[name]
            for name in ("audience", "topic", "town", "venue", "partner")
            if self.request.GET.get(name)
        }
        query = self.request.GET.copy()
        for key in ("format", "table"):
            query.pop(key, None)
        if not query:
            query.update({k: form.data.get(k, "") for k in ("start", "end")})
        tables = []
        if report is not None:
            for table in report.tables:
                tables.append(
                    {
                        "table": table,
                        "chart": chart_of(report, table),
                        "rows": [_cells(table.columns, row) for row in table.rows],
                        "totals": _cells(table.columns, table.totals) if table.totals else None,
                        "csv_url": f"?{query.urlencode()}&format=csv&table={table.slug}",
                    }
                )
        context.update(
            form=form,
            report=report,
            tables=tables,
            xlsx_url=f"?{query.urlencode()}&format=xlsx",
            shortcuts=[
                (label, report_url(self.slug, period, **kept))
                for label, period in periods.shortcuts(self.today)
            ],
            intro=DESCRIPTIONS[self.slug],
            period=form.period() if report is not None else None,
        )
        return context


class ReportsIndexView(WagtailAdminTemplateMixin, TemplateView):
    """The list of reports, with what each is for."""

    template_name = "reports/index.html"
    header_icon = "table"
    page_title = gettext_lazy("Rapports")

    def dispatch(self, request):
        if not is_coordinator(request.user):
            return permission_denied(request)
        return super().dispatch(request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reports"] = [
            (TITLES[slug], reverse("reports:report", args=[slug]), DESCRIPTIONS[slug])
            for slug in REPORTS
        ]
        return context


DESCRIPTIONS = {
    "activite": gettext_lazy(
        "Sessions, séances, heures dispensées, personnes et heures-stagiaires, par mois, "
        "public, thème, commune et lieu, avec les étapes du Numixs Lab."
    ),
    "bpf": gettext_lazy(
        "Les chiffres du Cerfa 10443 pour une année civile : stagiaires et heures par type, "
        "par financement et par objectif, formateurs."
    ),
    "coop": gettext_lazy(
        "Les ateliers collectifs pour La Coop de la médiation numérique et le fichier "
        "d'import de ses bénéficiaires."
    ),
    "departement": gettext_lazy(
        "Les heures des bénéficiaires du RSA mois par mois et les habitants des quartiers "
        "prioritaires."
    ),
    "partenaires": gettext_lazy(
        "Pour chaque structure qui oriente : personnes orientées, inscrites, venues, "
        "attestations, absences et abandons ; le bilan d'une structure sur une page."
    ),
}
