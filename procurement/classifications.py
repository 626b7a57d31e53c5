"""Labels of the classification codes space notices use most, kept as data.

SAM.gov publishes codes without labels; these fill the label when a notice has none. The
segment each code points to lets the matching engine read a notice's codes as capabilities.
"""

from django.utils.translation import gettext_lazy as _

# code: (label, market segments of the companies taxonomy)
NAICS = {
    "336414": ("Guided Missile and Space Vehicle Manufacturing", ("launch", "components")),
    "336415": (
        "Guided Missile and Space Vehicle Propulsion Unit and Propulsion Unit Parts Manufacturing",
        ("launch", "components"),
    ),
    "336419": ("Other Guided Missile and Space Vehicle Parts and Auxiliary Equipment Manufacturing", ("components",)),
    "517410": ("Satellite Telecommunications", ("satcom",)),
    "927110": ("Space Research and Technology", ("lunar-exploration", "space-data")),
    "541715": (
        "Research and Development in the Physical, Engineering, and Life Sciences (except Nanotechnology and "
        "Biotechnology)",
        (),
    ),
    "541330": ("Engineering Services", ()),
    "541370": ("Surveying and Mapping (except Geophysical) Services", ("earth-observation", "space-data")),
    "541511": ("Custom Computer Programming Services", ("space-data",)),
    "518210": (
        "Computing Infrastructure Providers, Data Processing, Web Hosting, and Related Services",
        ("space-data",),
    ),
    "334511": (
        "Search, Detection, Navigation, Guidance, Aeronautical, and Nautical System and Instrument Manufacturing",
        ("components", "ssa-sda"),
    ),
    "334220": (
        "Radio and Television Broadcasting and Wireless Communications Equipment Manufacturing",
        ("satcom", "ground-segment"),
    ),
}

PSC = {
    "1810": ("Space Vehicles", ("components",)),
    "1820": ("Space Vehicle Components", ("components",)),
    "1830": ("Space Vehicle Remote Control Systems", ("ground-segment",)),
    "1840": ("Space Vehicle Launchers", ("launch",)),
    "1850": ("Space Vehicle Handling and Servicing Equipment", ("ground-segment",)),
    "1860": ("Space Survival Equipment", ("lunar-exploration",)),
}

# Japan's portals file every notice as goods, services or works.
JP_CATEGORIES = {
    "物品": _("Goods"),
    "役務": _("Services"),
    "工事": _("Works"),
}
# 調達ポータル's award data gives the category as a code (調達種別コード).
PPORTAL_CATEGORY_CODES = {"1": "物品", "2": "役務", "3": "工事"}

CPV_SEGMENTS = {
    "35": ("components",),  # security, defence equipment
    "38": ("earth-observation",),  # laboratory, optical and precision equipment
    "34": ("launch",),  # transport equipment (includes spacecraft 3451)
    "64": ("satcom",),  # postal and telecommunications services
    "71": ("space-data",),  # architectural, engineering and inspection services
    "72": ("space-data",),  # IT services
    "73": ("lunar-exploration",),  # research and development services
}


def label(scheme: str, code: str) -> str:
    """The label kept as data with a code: English for U.S. codes, Japanese as published for Japan's."""
    if scheme == "JP-CATEGORY":
        return PPORTAL_CATEGORY_CODES.get(code, code if code in JP_CATEGORIES else "")
    table = {"NAICS": NAICS, "PSC": PSC}.get(scheme, {})
    return table.get(code, ("", ()))[0]


def display_label(scheme: str, code: str, stored: str) -> str:
    """A code's label for the reader: Japan's categories in the reader's language with the Japanese term."""
    if scheme == "JP-CATEGORY":
        japanese = PPORTAL_CATEGORY_CODES.get(code) or (code if code in JP_CATEGORIES else stored)
        if japanese in JP_CATEGORIES:
            translated = str(JP_CATEGORIES[japanese])
            return japanese if translated == japanese else f"{translated} ({japanese})"
    return stored


def segments_of(scheme: str, code: str) -> tuple[str, ...]:
    if scheme == "NAICS":
        return NAICS.get(code, ("", ()))[1]
    if scheme == "PSC":
        return PSC.get(code, ("", ()))[1]
    if scheme == "CPV":
        return CPV_SEGMENTS.get(code[:2], ())
    return ()
