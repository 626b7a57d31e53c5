import pytest

from procurement.models import Opportunity


@pytest.mark.parametrize("language", ["en", "ja"])
def test_every_page_renders(client, jp_owner, staff, jp_company, demo_opportunities, language):
    for user in (jp_owner, staff):
        client.force_login(user)
        client.cookies["django_language"] = language
        urls = ["/procurement/", "/procurement/?q=SAR", "/procurement/?q=衛星", "/procurement/fit/",
                "/procurement/saved/", "/procurement/alerts/"]
        urls += [o.get_absolute_url() for o in Opportunity.objects.all()]
        for url in urls:
            assert client.get(url).status_code == 200, url
