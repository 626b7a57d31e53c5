from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accelerator.filter_fields import empty_form_key, kept_empty_form

from . import permissions, selectors, services
from .cards import company_cards, filtered_listing, listed_page
from .directory_page import directory_content
from .filters import CompanyFilter
from .forms import CapabilityProfileForm, CompanyForm, InvitationForm, ReadinessForm
from .models import Company, Invitation, Membership, ReadinessItem

DIRECTORY_PAGE_SIZE = 24


def _company_for_editing(request, slug: str) -> Company:
    """The company named in the URL, if the user may edit it: 404 if unknown, 403 if not theirs."""
    company = get_object_or_404(Company, slug=slug)
    if not services.can_edit(user=request.user, company=company):
        raise PermissionDenied
    return company


def _empty_filter_form():
    return CompanyFilter(None, queryset=Company.objects.none()).form


def directory(request):
    if request.GET.keys() <= {"page"}:
        # Unfiltered: the page's statement is compiled once, and the filter form reads as it
        # does holding nothing, kept whole.
        page = listed_page(None, request.GET.get("page"), DIRECTORY_PAGE_SIZE)
        cards, kept_values = company_cards(
            page.object_list, selectors.directory_cards(), kept_keys=[empty_form_key("companies")]
        )
        filter_fields = kept_empty_form("companies", _empty_filter_form, kept_values)
    else:
        page, cards, filter_fields = filtered_listing(request.GET, DIRECTORY_PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    content = directory_content(
        signed_in=request.user.is_authenticated,
        filter_fields=filter_fields,
        page=page,
        cards=cards,
        query=query.urlencode(),
    )
    return render(request, "companies/directory.html", {"content": content, "page": page})


@login_required
def mine(request):
    # The list is written once per process for its rows (written_once): the memberships are
    # made from them only when it is.
    rows = selectors.membership_rows(request.user)
    return render(
        request,
        "companies/mine.html",
        {"rows": rows, "memberships": SimpleLazyObject(partial(selectors.memberships_from_rows, rows))},
    )


def detail(request, slug):
    company = get_object_or_404(selectors.company_detail(slug=slug))
    is_member = permissions.is_member(request.user, company)
    can_see_private = permissions.sees_private_part(request.user, company)
    answers = {answer.item_id: answer for answer in company.readiness_answers.all()}
    readiness = [(item, answers.get(item.pk)) for item in ReadinessItem.objects.all()] if can_see_private else []
    return render(
        request,
        "companies/detail.html",
        {
            "company": company,
            "profile": company.profile,
            "is_member": is_member,
            "can_see_private": can_see_private,
            "can_edit": services.can_edit(user=request.user, company=company),
            "readiness": readiness,
        },
    )


@login_required
def create(request):
    form = CompanyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            company = services.create_company(owner=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your company has been created. Now describe its capabilities."))
            return redirect("companies:edit_profile", slug=company.slug)
    return render(request, "companies/company_form.html", {"form": form, "company": None})


@login_required
def edit(request, slug):
    company = _company_for_editing(request, slug)
    form = CompanyForm(request.POST or None, instance=company)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_company(company=company, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The company details have been saved."))
            return redirect(company)
    return render(request, "companies/company_form.html", {"form": form, "company": company})


@login_required
def edit_profile(request, slug):
    company = _company_for_editing(request, slug)
    form = CapabilityProfileForm(request.POST or None, instance=company.profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_capability_profile(company=company, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The capability profile has been saved."))
            return redirect(company)
    return render(request, "companies/profile_form.html", {"form": form, "company": company})


@login_required
def edit_readiness(request, slug):
    company = _company_for_editing(request, slug)
    items = ReadinessItem.objects.all()
    answers = dict(company.readiness_answers.values_list("item__code", "score"))
    form = ReadinessForm(request.POST or None, items=items, answers=answers)
    if request.method == "POST" and form.is_valid():
        services.save_readiness_answers(company=company, scores=form.cleaned_data)
        messages.success(request, _("The readiness self-assessment has been saved."))
        return redirect(company)
    return render(request, "companies/readiness_form.html", {"form": form, "company": company})


@login_required
def members(request, slug):
    company = _company_for_editing(request, slug)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_member(company=company, invited_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("An invitation has been sent to %(email)s.") % {"email": invitation.email})
            return redirect("companies:members", slug=company.slug)
    return render(
        request,
        "companies/members.html",
        {
            "company": company,
            "form": form,
            "memberships": company.memberships.select_related("user").order_by("-role", "created_at"),
            "invitations": company.invitations.filter(accepted_at__isnull=True),
            "roles": Membership.Role.choices,
        },
    )


@login_required
@require_POST
def change_member(request, slug, membership_id):
    company = _company_for_editing(request, slug)
    membership = get_object_or_404(Membership, pk=membership_id, company=company)
    try:
        if request.POST.get("action") == "remove":
            services.remove_member(membership=membership, actor=request.user)
            messages.success(request, _("%(person)s has been removed.") % {"person": membership.user})
        else:
            services.change_member_role(membership=membership, actor=request.user, role=request.POST.get("role", ""))
            messages.success(request, _("%(person)s's role has been changed.") % {"person": membership.user})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if membership.user_id == request.user.pk and not services.can_edit(user=request.user, company=company):
        return redirect(company)
    return redirect("companies:members", slug=company.slug)


@login_required
@require_POST
def cancel_invitation(request, slug, invitation_id):
    company = _company_for_editing(request, slug)
    invitation = get_object_or_404(Invitation, pk=invitation_id, company=company)
    try:
        services.cancel_invitation(invitation=invitation, actor=request.user)
        messages.success(request, _("The invitation to %(email)s has been withdrawn.") % {"email": invitation.email})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("companies:members", slug=company.slug)


@login_required
def invitation(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("company", "invited_by"), token=token)
    if request.method == "POST":
        try:
            services.accept_invitation(invitation=invitation, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Welcome to %(company)s.") % {"company": invitation.company.display_name})
            return redirect(invitation.company)
    return render(request, "companies/invitation.html", {"invitation": invitation})
