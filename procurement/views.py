"""Procurement pages: the opportunity feed, a notice, saved items and alerts, and staff imports."""

import json
from functools import lru_cache

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accelerator.companies.models import Company
from accelerator.filter_choices import FilterSelect
from accelerator.filter_fields import PythonRenderer, kept_form_fields
from accelerator.permissions import is_program_staff

from . import feed, fit, permissions, selectors
from .cards import opportunity_cards
from .filters import OPEN, OpportunityFilter, open_filter_fields
from .importers import FORMATS
from .models import ImportRun, ProcurementProfile, Source
from .services import alerts as alert_services
from .services import fetching, importing, profiles

PAGE_SIZE = 25


@lru_cache(maxsize=64)
def list_parts(language: str | None, staff: bool, urlconf: str | None, script_prefix: str) -> dict[str, SafeString]:
    """The list page's fixed parts (its heading and links, the words of its two forms), the same
    on every page in one language for one role: their translations and addresses were a good
    part of the page's template."""
    context = {"is_staff": staff}
    return {
        name: render_to_string(f"procurement/_list_{name}.html", context)
        for name in ("head", "filters_end", "save_end")
    }


@login_required
def opportunity_list(request):
    query = request.GET.copy()
    query.pop("page", None)
    visible = permissions.visible_opportunities(request.user)
    now = timezone.now()
    listing = feed.listing(request, query, visible, now)
    if listing is not None:
        filter_fields = listing.fields
        paginator = feed.RowsPaginator(feed.Rows(listing, now=now, reader=request.user), PAGE_SIZE)
    else:
        queryset, opportunity_filter = feed.filtered_queryset(request.GET, query, visible, now=now)
        if opportunity_filter is None:
            # Unfiltered: the open notices, with the filter fields every such page shows alike.
            filter_fields = open_filter_fields()
        else:
            filter_fields = kept_form_fields(opportunity_filter.form, "opportunities")
        rows = selectors.card_rows(queryset, saved_by=request.user)
        paginator = selectors.OpportunityPaginator(rows, PAGE_SIZE)
    number = request.GET.get("page")
    page = paginator.first_page() if number in (None, "", "1") else paginator.get_page(number)
    opportunities = list(page.object_list)
    saved_ids = {opportunity.pk for opportunity in opportunities if opportunity.is_saved}
    return render(
        request,
        "procurement/list.html",
        {
            "parts": list_parts(get_language(), is_program_staff(request.user), get_urlconf(), get_script_prefix()),
            "filter_fields": filter_fields,
            "page": page,
            "cards": opportunity_cards(opportunities, request=request, saved_ids=saved_ids),
            "query": query.urlencode(),
            "search_query": {key: value for key, value in request.GET.items() if key != "page" and value},
        },
    )


@login_required
def opportunity_detail(request, pk):
    opportunity = get_object_or_404(
        selectors.opportunity_detail(permissions.visible_opportunities(request.user)), pk=pk
    )
    companies = list(permissions.companies_of(request.user))
    return render(
        request,
        "procurement/detail.html",
        {
            "opportunity": opportunity,
            "history": selectors.version_history(opportunity),
            "raw_json": json.dumps(opportunity.raw, indent=2, ensure_ascii=False),
            "is_saved": bool(selectors.saved_opportunity_ids(request.user, [opportunity])),
            "fits": fit.fits_for_opportunity(opportunity, companies=companies) if companies else [],
            "all_fits": fit.fits_for_opportunity(opportunity, top=10)
            if permissions.can_see_all_fits(request.user)
            else [],
        },
    )


@login_required
@require_POST
def toggle_saved(request, pk):
    opportunity = get_object_or_404(permissions.visible_opportunities(request.user), pk=pk)
    saved = alert_services.toggle_saved_opportunity(user=request.user, opportunity=opportunity)
    if saved:
        messages.success(request, _("Saved. Its deadline is in your calendar feed and reminders will follow."))
    else:
        messages.success(request, _("Removed from your saved opportunities."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = opportunity.get_absolute_url()
    return HttpResponseRedirect(target)


# Staff imports ------------------------------------------------------------------------------


class ImportForm(forms.Form):
    # Labels, the select and its options written in Python, as the list filters write them.
    default_renderer = PythonRenderer()  # type: ignore[assignment]  # a renderer, not a BaseRenderer subclass

    source = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=[(code, Source(code).label) for code in FORMATS], widget=FilterSelect
    )
    file = forms.FileField(label=gettext_lazy("File"))


@permissions.importer_required
def imports(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = importing.start_import(
                user=request.user, source=form.cleaned_data["source"], upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            return redirect("procurement:import_run", pk=run.pk)
    # The recent runs are plain values: their table is written once per set of rows.
    run_values = tuple(selectors.recent_run_values(30))
    return render(
        request,
        "procurement/imports.html",
        {
            "form": form,
            "runs": selectors.runs_from_values(run_values),
            "run_values": run_values,
            "limit": settings.PROCUREMENT_UPLOAD_MAX_BYTES,
            "live_sources": selectors.live_sources(),
        },
    )


@permissions.importer_required
@require_POST
def fetch_now(request):
    try:
        fetching.request_fetch(user=request.user, name=request.POST.get("fetcher", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The fetch is queued. Its run appears below when it starts."))
    return redirect("procurement:imports")


@permissions.importer_required
def import_run(request, pk):
    run = get_object_or_404(ImportRun.objects.select_related("started_by"), pk=pk)
    return render(request, "procurement/import_run.html", {"run": run})


# Saved searches, saved opportunities, alerts ------------------------------------------------


@login_required
@require_POST
def save_search(request):
    query = {key: value for key, value in request.POST.items() if key not in ("name", "csrfmiddlewaretoken")}
    query.setdefault("status", OPEN)
    try:
        search = alert_services.save_search(user=request.user, name=request.POST.get("name", ""), query=query)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(f"{reverse('procurement:list')}?{urlencode(query)}")
    messages.success(
        request, _("Search “%(name)s” saved. New matches will reach your alerts and email.") % {"name": search.name}
    )
    return redirect("procurement:saved")


@login_required
def saved(request):
    # (pk, name, address, alerts) of each saved search: plain values, so their part of the page
    # is written once per process for them (written_once).
    list_url = reverse("procurement:list")
    searches = tuple(
        (pk, name, f"{list_url}?{urlencode(query)}", alerts)
        for pk, name, query, alerts in permissions.saved_searches_of(request.user).values_list(
            "pk", "name", "query", "alerts"
        )
    )
    notices = selectors.saved_opportunity_rows(request.user)
    return render(
        request,
        "procurement/saved.html",
        {
            "searches": searches,
            # Every card here is saved: its button says so and removes it.
            "cards": opportunity_cards(notices, request=request, saved_ids={notice.pk for notice in notices}),
        },
    )


@login_required
@require_POST
def change_search(request, pk):
    search = get_object_or_404(permissions.saved_searches_of(request.user), pk=pk)
    if request.POST.get("action") == "delete":
        alert_services.delete_search(user=request.user, search=search)
        messages.success(request, _("Saved search deleted."))
    else:
        alert_services.update_search(user=request.user, search=search, alerts=request.POST.get("alerts") == "on")
        messages.success(
            request,
            _("Alerts for “%(name)s” are on.") % {"name": search.name}
            if search.alerts
            else _("Alerts for “%(name)s” are off.") % {"name": search.name},
        )
    return redirect("procurement:saved")


@login_required
def alerts(request):
    if request.method == "POST":
        alert_services.mark_alerts_read(user=request.user)
        return redirect("procurement:alerts")
    page = Paginator(selectors.alerts(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "procurement/alerts.html", {"page": page, "query": ""})


# Company fit --------------------------------------------------------------------------------

FIT_CANDIDATES = 2000


@login_required
def company_fit(request):
    companies = list(permissions.companies_of(request.user))
    company = next((c for c in companies if c.slug == request.GET.get("company")), companies[0] if companies else None)
    fits = []
    if company is not None:
        candidates = list(
            OpportunityFilter({"status": OPEN}, queryset=permissions.visible_opportunities(request.user))
            .qs.order_by("deadline", "pk")
            .prefetch_related("classifications")[:FIT_CANDIDATES]
        )
        fits = fit.fits_for_company(company, candidates)
    return render(request, "procurement/fit.html", {"companies": companies, "company": company, "fits": fits})


class ProcurementProfileForm(forms.Form):
    naics_codes = forms.CharField(
        label=gettext_lazy("NAICS codes"),
        required=False,
        help_text=gettext_lazy("Six digits each, separated by commas, e.g. 336414, 517410."),
    )
    psc_codes = forms.CharField(
        label=gettext_lazy("Product and service codes (PSC)"),
        required=False,
        help_text=gettext_lazy("Four characters each, separated by commas, e.g. 1810, AR12."),
    )
    uei = forms.CharField(label=gettext_lazy("SAM.gov unique entity ID (UEI)"), required=False, max_length=12)
    corporate_number = forms.CharField(label=gettext_lazy("Corporate number (法人番号)"), required=False, max_length=13)
    unified_qualification_grade = forms.ChoiceField(
        label=gettext_lazy("Unified qualification grade (全省庁統一資格)"),
        required=False,
        choices=[("", gettext_lazy("None")), ("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")],
    )


@login_required
def procurement_profile(request, slug):
    company = get_object_or_404(Company, slug=slug)
    if not permissions.may_edit_procurement_profile(request.user, company):
        raise PermissionDenied(_("Only the company's owners edit its procurement details."))
    current = ProcurementProfile.objects.filter(company=company).first()
    initial = {}
    if current:
        initial = {
            "naics_codes": ", ".join(current.naics_codes),
            "psc_codes": ", ".join(current.psc_codes),
            "uei": current.uei,
            "corporate_number": current.corporate_number,
            "unified_qualification_grade": current.unified_qualification_grade,
        }
    form = ProcurementProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            profiles.update_procurement_profile(user=request.user, company=company, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Procurement details saved."))
            return redirect(f"{reverse('procurement:fit')}?company={company.slug}")
    return render(request, "procurement/procurement_profile.html", {"form": form, "company": company})
