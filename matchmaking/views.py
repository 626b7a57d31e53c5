from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accelerator import ratelimits, written
from accelerator.companies.selectors import member_company_ids
from accelerator.csrf import page_token
from accelerator.filter_fields import empty_form_key, kept_empty_form, kept_field_keys, kept_form_fields
from accelerator.pagination import first_page, page_of
from accelerator.permissions import is_program_staff, staff_required
from accelerator.ratelimits import too_many_introductions
from accelerator.written import TOKEN_MARK

from . import selectors, services
from .cards import suggestion_cards
from .filters import SuggestionFilter
from .forms import AnswerForm, DigestSettingForm, DismissForm, IntroductionRequestForm
from .matches_page import matches_head, matches_listing
from .models import DigestSetting, Introduction, MatchRun, Suggestion
from .reasons import Vocabulary, annotate

PAGE_SIZE = 20


def undeliverable_text(introduction: Introduction) -> str:
    return _(
        "%(company)s has no members on the platform yet, so nobody there can answer. We cannot deliver your "
        "request for now; program staff have it and will contact the company for you."
    ) % {"company": introduction.recipient.display_name}


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


_ROW_ID = 2147483647


def _row_url(name: str):
    """The URL of `name` for any one row's id, reversed once per page instead of once per row."""
    before, after = reverse(name, args=[_ROW_ID]).split(str(_ROW_ID))
    return lambda pk: f"{before}{pk}{after}"


def _empty_filter_form():
    return SuggestionFilter(None, queryset=Suggestion.objects.none()).form


@login_required
def matches(request):
    companies = selectors.user_companies(request.user)
    company = selectors.company_for_matches(request.user, request.GET.get("company"), companies)
    context = {"company": company, "head": matches_head(company=company, companies=companies)}
    if company is None:
        return render(request, "matchmaking/matches.html", context)
    page_number = request.GET.get("page")
    profile_is_empty = selectors.profile_is_empty(company)
    is_member = company in companies
    query = request.GET.copy()
    query.pop("page", None)
    company_slug = company.slug if request.GET.get("company") else None
    context |= {"profile_is_empty": profile_is_empty, "is_member": is_member}
    if profile_is_empty:
        return render(request, "matchmaking/matches.html", context)
    if request.GET.keys() <= {"company", "page"} and page_number in (None, "", "1"):
        # The list as it opens, read with a statement compiled once, under the filter form as it
        # reads holding nothing, kept whole. Its rows are plain values: the listing is written
        # once per company, set of rows, taxonomy generation and address (accelerator.written).
        values = selectors.first_suggestion_values(company, PAGE_SIZE)
        vocabulary, kept_values = Vocabulary.kept_with([empty_form_key("matches")])
        filter_fields = kept_empty_form("matches", _empty_filter_form, kept_values)

        def write() -> str:
            page = first_page(*selectors.suggestions_from_values(values), PAGE_SIZE)
            return _listing(
                request, company, page, vocabulary, filter_fields, is_member, company_slug, query, token=TOKEN_MARK
            )

        inputs = (
            "matchmaking:matches",
            company.pk,
            company.legal_name,
            company.name_ja,
            str(company.country),
            is_member,
            company_slug,
            request.get_full_path(),
            kept_values[1],
            filter_fields,
            tuple(values),
        )
        context["listing"] = written.part(inputs, write, token=page_token(request))
    else:
        suggestion_filter = SuggestionFilter(request.GET, queryset=selectors.company_suggestions(company))
        page = page_of(suggestion_filter.qs.order_by("rank"), page_number, PAGE_SIZE)
        form_keys = kept_field_keys(suggestion_filter.form, "matches")
        vocabulary, kept_values = Vocabulary.kept_with(form_keys.values())
        filter_fields = kept_form_fields(suggestion_filter.form, "matches", found=kept_values)
        context["listing"] = _listing(
            request, company, page, vocabulary, filter_fields, is_member, company_slug, query, token=page_token(request)
        )
    return render(request, "matchmaking/matches.html", context)


def _listing(request, company, page, vocabulary, filter_fields, is_member, company_slug, query, *, token) -> str:
    """The filters beside the page's cards, their forms carrying `token`."""
    country_names: dict[str, str] = {}
    kind_names: dict[str, str] = {}
    for suggestion in page.object_list:
        suggestion.company = company
        partner = suggestion.partner
        if partner.country.code not in country_names:
            country_names[partner.country.code] = str(partner.country.name)
        if partner.kind not in kind_names:
            kind_names[partner.kind] = str(partner.get_kind_display())
        suggestion.partner_country = country_names[partner.country.code]
        suggestion.partner_kind = kind_names[partner.kind]
    annotate(page.object_list, vocabulary=vocabulary)
    return matches_listing(
        company_slug=company_slug,
        filter_fields=filter_fields,
        page=page,
        cards=suggestion_cards(page.object_list, token=token, next_path=request.get_full_path(), is_member=is_member),
        query=query.urlencode(),
    )


@login_required
def detail(request, pk):
    suggestion = selectors.suggestion_for(request.user, pk)
    annotate([suggestion])
    is_member = suggestion.company_id in member_company_ids(request.user)
    return render(
        request,
        "matchmaking/detail.html",
        {
            "suggestion": suggestion,
            "is_member": is_member,
            "introduction": selectors.introductions_by_partner(suggestion.company).get(suggestion.partner_id),
            "dismiss_form": DismissForm(),
            "request_form": IntroductionRequestForm(),
        },
    )


def _member_suggestion(request, pk):
    """A suggestion of one of the user's own companies: 404 otherwise, even for staff."""
    suggestion = selectors.suggestion_for(request.user, pk)
    if suggestion.company_id not in member_company_ids(request.user):
        raise PermissionDenied
    return suggestion


def _back(request, suggestion):
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(suggestion.get_absolute_url())


@require_POST
@login_required
def save(request, pk):
    suggestion = _member_suggestion(request, pk)
    services.save_suggestion(suggestion=suggestion, user=request.user)
    messages.success(request, _("Saved. You find it under “Saved”."))
    return _back(request, suggestion)


@require_POST
@login_required
def dismiss(request, pk):
    suggestion = _member_suggestion(request, pk)
    form = DismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose why this suggestion does not fit."))
        return redirect(suggestion.get_absolute_url())
    services.dismiss_suggestion(suggestion=suggestion, user=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("Dismissed. It stays hidden unless either company's profile changes."))
    return _back(request, suggestion)


@require_POST
@login_required
def restore(request, pk):
    suggestion = _member_suggestion(request, pk)
    services.restore_suggestion(suggestion=suggestion, user=request.user)
    messages.success(request, _("The suggestion is back in your list."))
    return _back(request, suggestion)


@require_POST
@login_required
def request_introduction(request, pk):
    suggestion = _member_suggestion(request, pk)
    form = IntroductionRequestForm(request.POST)
    status = 400
    if form.is_valid() and (wait := ratelimits.introduction_request_wait(request)):
        form.add_error(None, too_many_introductions(wait))
        status = 429
    elif form.is_valid():
        try:
            introduction = services.request_introduction(
                suggestion=suggestion, user=request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            if introduction.passed_to_staff:
                messages.warning(request, undeliverable_text(introduction))
            else:
                messages.success(request, _("Introduction requested. We will tell you when they answer."))
            return redirect(introduction.get_absolute_url())
    annotate([suggestion])
    return render(
        request,
        "matchmaking/detail.html",
        {
            "suggestion": suggestion,
            "is_member": True,
            "introduction": selectors.introductions_by_partner(suggestion.company).get(suggestion.partner_id),
            "dismiss_form": DismissForm(),
            "request_form": form,
        },
        status=status,
    )


@login_required
def introductions(request):
    status = request.GET.get("status", "")
    filtered = status in dict(Introduction.Status.choices)
    page_number = request.GET.get("page")
    row_values: object = None
    if not filtered and page_number in (None, "", "1"):
        # The list as it opens: read with a statement compiled once; a list that fills the page
        # is read again below, with its count.
        values = selectors.first_introduction_values(request.user, PAGE_SIZE)
        if len(values) < PAGE_SIZE:
            page = first_page(selectors.introductions_from_values(values), len(values), PAGE_SIZE)
            row_values = tuple(values)
    if row_values is None:
        visible = selectors.visible_introductions(request.user)
        listed = visible.filter(status=status) if filtered else visible
        page = page_of(selectors.introduction_rows(listed), page_number, PAGE_SIZE)
        row_values = page.object_list  # model instances: the table is written on every view
    introduction_url = _row_url("matchmaking:introduction")
    for item in page.object_list:
        item.url = introduction_url(item.pk)
    return render(
        request,
        "matchmaking/introductions.html",
        {
            "page": page,
            "row_values": row_values,
            "member_ids": frozenset(member_company_ids(request.user)) if page.object_list else frozenset(),
            "status": status,
            "statuses": Introduction.Status.choices,
            "stats": (
                selectors.introduction_stats(selectors.visible_introductions(request.user))
                if is_program_staff(request.user)
                else None
            ),
            "query": f"status={status}" if status else "",
        },
    )


@login_required
def introduction(request, pk):
    item = get_object_or_404(selectors.visible_introductions(request.user), pk=pk)
    member_ids = member_company_ids(request.user)
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        if item.recipient_id not in member_ids:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.answer_introduction(
                    introduction=item,
                    user=request.user,
                    accept=form.cleaned_data["decision"] == "accept",
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                messages.error(request, _error_text(error))
            else:
                messages.success(request, _("Thank you. We have told them your answer."))
            return redirect(item.get_absolute_url())
    services.mark_read(
        user=request.user, item_ids=list(item.inbox_items.filter(user=request.user).values_list("pk", flat=True))
    )
    return render(
        request,
        "matchmaking/introduction.html",
        {
            "introduction": item,
            "form": form,
            "can_answer": item.recipient_id in member_ids and item.is_pending,
            "is_party": bool({item.requester_id, item.recipient_id} & member_ids),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def inbox(request):
    setting, _created = DigestSetting.objects.get_or_create(user=request.user)
    form = DigestSettingForm(request.POST or None, instance=setting)
    if request.method == "POST":
        if request.POST.get("action") == "mark_read":
            services.mark_read(user=request.user)
            messages.success(request, _("Everything is marked as read."))
            return redirect("matchmaking:inbox")
        if form.is_valid():
            form.save()
            messages.success(request, _("Your email digest setting is saved."))
            return redirect("matchmaking:inbox")
    page = Paginator(selectors.inbox(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "matchmaking/inbox.html", {"page": page, "form": form, "query": ""})


@login_required
def open_inbox_item(request, pk):
    """Marks one of the reader's own items read and opens what it is about (an opportunity)."""
    item = get_object_or_404(selectors.inbox(request.user), pk=pk)
    services.mark_read(user=request.user, item_ids=[item.pk])
    if item.subject is None or not hasattr(item.subject, "get_absolute_url"):
        messages.info(request, _("What this item was about is no longer available."))
        return redirect("matchmaking:inbox")
    return redirect(item.subject.get_absolute_url())


@staff_required
def runs(request):
    if request.method == "POST":
        run = services.start_full_run(triggered_by=request.user)
        messages.success(request, _("Run #%(number)s is under way.") % {"number": run.pk})
        return redirect("matchmaking:runs")
    page_number = request.GET.get("page")
    row_values: object = None
    if page_number in (None, "", "1"):
        # The list as it opens, read with a statement compiled once (a list that fills the page
        # is read again below, with its count); its table is written once per set of rows.
        values = selectors.first_run_values(PAGE_SIZE)
        if len(values) < PAGE_SIZE:
            page = first_page(selectors.runs_from_values(values), len(values), PAGE_SIZE)
            row_values = tuple(values)
    if row_values is None:
        page = page_of(selectors.runs(), page_number, PAGE_SIZE)
        row_values = page.object_list  # model instances: the table is written on every view
    active = any(run.is_active for run in page)
    return render(
        request,
        "matchmaking/runs.html",
        {"page": page, "row_values": row_values, "active": active, "query": "", "Status": MatchRun.Status},
    )


@staff_required
@require_POST
def cancel_run(request, pk):
    run = get_object_or_404(MatchRun, pk=pk)
    try:
        services.cancel_run(run=run, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Run #%(number)s is cancelled; the current suggestions stay.") % {"number": pk})
    return redirect("matchmaking:runs")


@staff_required
@require_POST
def restart_run(request, pk):
    run = get_object_or_404(MatchRun, pk=pk)
    try:
        under_way = services.restart_run(run=run, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        if under_way.pk == run.pk:
            messages.success(request, _("The unfinished chunks of run #%(number)s are queued again.") % {"number": pk})
        else:
            messages.success(request, _("Run #%(number)s is under way.") % {"number": under_way.pk})
    return redirect("matchmaking:runs")


def itar_bridge(request):
    """The ITAR Bridge Office's guidance: what a compliance flag on a match means and the steps it needs."""
    return render(request, "matchmaking/itar_bridge.html")
