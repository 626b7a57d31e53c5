"""Reading free text as glossary concepts, in English and Japanese."""

import pytest
from scipy import sparse

from matchmaking.concepts import Concept, ConceptModel, Glossary, glossary


def read(text: str) -> dict[str, str]:
    words = glossary()
    return {words.concepts[mention.concept].id: mention.phrase for mention in words.read_text(text)}


def reads_as(text: str, concept: str, not_concept: str | None) -> None:
    """The text names the concept, and not the other one where one is given."""
    found = read(text)
    assert concept in found
    assert not_concept is None or not_concept not in found


def read_as(text: str) -> set[str]:
    """The concepts a text names, with every broader concept each one is a kind of."""
    words = glossary()
    return {words.concepts[row].id for mention in words.read_text(text) for row in words.lineage[mention.concept]}


def fitted(offers: str, needs: str = "") -> tuple[set[str], set[str]]:
    """The concepts of one company's offers and needs as a fitted model reads them, with what
    marks a concept as the company's own or as whom it serves taken out."""
    _model, _vectors, mentions = ConceptModel.fit([offers, needs], sparse.csr_matrix((2, 0)), ())
    words = glossary()
    offered, needed = ({words.concepts[mention.concept].id for mention in found} for found in mentions)
    return offered, needed


def test_an_abbreviation_does_not_end_the_sentence():
    assert read("Japanese companies entering the U.S. market.")["us-market-access"] == "U.S. market"


def test_marketing_is_not_a_market():
    assert read("We need marketing help.") == {"pr-marketing": "marketing"}


@pytest.mark.parametrize(
    "text, concept",
    [
        ("Vibration and shock test campaigns.", "vibration-testing"),
        ("Radar data that sees through cloud.", "sar"),
        ("宇宙用の精密切削部品を製造しています。", "precision-manufacturing"),
        ("Japanese satellite builders.", "satellite-manufacturing"),
        ("Star trackers, wheels and magnetorquers.", "reaction-wheel"),
        ("宇宙用電子部品の輸入販売", "sales-distribution"),
        ("We detect methane point sources and super-emitters.", "methane-sat"),
        ("ガス田から漏れ出る温室効果ガスを定量したい。", "methane-sat"),
        ("We are raising a seed round; the ideal lead investor is a strategic.", "investment"),
        ("位置通報を切って操業する外国漁船を把握したい。", "ship-ais-dark"),
        ("日本沿岸の受信局で船舶の位置通報信号を集約しています。", "maritime-awareness"),
        ("船の無線機が出す電波から位置を割り出せる手段を探しています。", "rf-geolocation"),
        ("A reseller that sells into Japanese farm co-ops.", "fertilizer-company"),
        ("Turbulence nowcasts for oceanic routes.", "aviation-turbulence"),
        ("洋上の揺れや積乱雲を前もって避けたい。", "aviation-turbulence"),
        ("cm-level with carrier phase in urban canyons.", "precise-positioning"),
        ("A Japanese auto Tier-1 to build a vehicle receiver.", "automotive"),
        ("九州の天文台で、夜間に人工衛星の観測を請け負いたい。", "debris-tracking"),
        ("A long-wavelength radar time series over Borneo.", "sar"),
        ("当社の観測データを加工して販売してくれる解析会社。", "image-analytics"),
        ("Drill core and field spectra from active exploration.", "in-situ-data"),
        ("広い鉱区の中から有望な銅の変質帯を絞り込みたい。", "mining"),
        ("米国の電波当局での手続きを担える事務所。", "fcc"),
        ("米国と南米の作柄と収量の見通しを早く知りたい。", "yield-prediction"),
        ("Corn/soy yield forecasts for grain traders.", "agriculture"),
        ("衛星の上で必要な画像だけを選んで送る仕組みを入れたい。", "onboard-ai"),
        ("撮った画像の半分以上が雲で困っています。", "cloud-detection"),
        ("An imaging sat operator with a downlink bottleneck.", "satellite-operator"),
        ("An operator that will host our module on its next build.", "payload"),
        ("姿勢制御用ホイールを月50台規模まで増産できます。", "volume-production"),
        ("パラボラアンテナを持ち、衛星からの受信と指令の送信を時間単位でお貸ししています。", "ground-station"),
        ("線路わきの崖や盛り土が少しずつ動いていないかをつかみたい。", "landslide-monitoring"),
        ("mm-level displacement on slopes and embankments.", "landslide-monitoring"),
        ("どの航路とどの速さで走れば燃料が少なく済むのかを知りたい。", "sea-route"),
        ("Noon reports and engine telemetry from a dry bulk fleet.", "in-situ-data"),
        ("ばら積み船を中心に約80隻を運航しています。", "maritime-awareness"),
        ("航海中の冷凍コンテナの温度を陸から確かめたい。", "iot-logistics"),
        ("Smart e-seals for containers and trailers.", "iot-logistics"),
        ("開封を検知する電子封印を探しています。", "iot-logistics"),
        ("We operate two container terminals in Tokyo Bay.", "port-logistics"),
        ("現場の水準測量のデータを提供できます。", "surveying-company"),
        ("Crewed flights to the station from 2028.", "human-spaceflight"),
        ("Sensors that measure the solar wind.", "space-weather-monitoring"),
        ("Space tug to move satellites between orbits.", "orbital-transfer-vehicle"),
        ("Cargo delivery to the space station.", "space-logistics"),
        ("We own and run 14 short lines in the Midwest.", "railways"),
        ("地方鉄道向けの列車位置検知システム。", "railways"),
        ("鉱山向けの無人ダンプ運行システムを納入しています。", "autonomous-vehicles"),
        ("Designed in with an autonomous haulage / fleet mgmt OEM.", "iot-logistics"),
        ("Propulsion test site in Mojave: vacuum hot-fire cells for thrusters.", "propulsion-test"),
        ("真空環境での長時間燃焼ができる設備を探しています。", "propulsion-test"),
        ("Software-defined satellite modem on COTS servers.", "rf-ground-equipment"),
        ("A satellite that sells compute-as-a-service to our models.", "data-center-in-space"),
    ],
)
def test_everyday_wording_names_the_concept(text, concept):
    assert concept in read(text)


@pytest.mark.parametrize(
    "text, concept",
    [
        ("Ground equipment kept in service for years.", "in-space-servicing"),
        ("Cloud-free scenes through cloud cover.", "cloud-ground"),
        ("A Japanese maker.", "japanese-language"),
        ("A software platform.", "smallsat-bus"),
        ("Lightweight parts.", "magnesium-alloys"),
        ("Wheel housings.", "wheels-tires"),
        ("We need more flight terminals in orbit.", "iot-terminals"),  # a terminal of any kind
        ("Receiving sites in New Mexico and Hawaii.", "latin-america"),  # a U.S. state
        # Inspection of bridges and roads is not a spacecraft's.
        ("トンネルや橋梁の点検を受託しています。", "inspection"),
        ("Inspection services for bridges.", "inspection"),
        ("Ground and structure movement from radar archives.", "data-storage"),  # an image archive
        ("高速道路の防災点検。", "railways"),  # a road is no railway
        ("液化天然ガスを長期調達しています。", "co-procurement"),  # buying fuel is no joint bid
        ("Sat #2 ships Q3 2026 and drill targets shrink by 70%.", "lunar-excavation"),  # a mine's drill
        ("An Asian carrier as launch customer on trans-Pacific routes.", "telecom-operators"),  # an airline
        ("冷凍コンテナを管理する物流子会社です。", "space-logistics-ground"),  # logistics of any goods
        ("Star trackers for satellite OEMs.", "automotive"),  # a satellite maker is an OEM too
        ("打ち上げ時の機体の揺れを抑えたい。", "aviation-turbulence"),  # a rocket's vibration
        ("燃料の使用量を減らしたい。", "in-situ-data"),  # a wish, not a record
        ("Freight and cargo claims for shipping lines.", "space-logistics"),  # cargo of any trade
        ("北米の貨物鉄道で試験したい。", "space-logistics"),
        ("Retrofit kits for excavators.", "satellite-upgrade"),
        ("Tug and barge operator in Alaska.", "orbital-transfer-vehicle"),  # a tugboat
        ("第三セクター鉄道3線で営業運転中。", "market-access"),  # in service, not sales
        ("A gateway for farm sensors.", "ground-network-operator"),
        ("Crew internet for fishing boats.", "human-spaceflight"),  # a ship's crew
        ("A prescription engine for tractors.", "propulsion"),  # software
        ("Lenders to solar, wind and storage projects.", "space-weather-monitoring"),  # a comma ends a form
        ("Training programs for engineers.", "railways"),  # training is no train
        ("シリーズBで50億円規模を調達中。", "co-procurement"),  # raising money, not a tender
        ("Site selection for a new U.S. factory.", "lunar-landing-site"),
        ("A close-approach sensor suite with flash lidar.", "spacesuit"),  # a suite is no suit
    ],
)
def test_a_generic_word_does_not_name_a_specific_concept(text, concept):
    assert concept not in read(text)


def test_every_capability_tag_names_a_concept():
    """A tag is read as concepts too, so a tag ticked on one side meets free text on the other."""
    from matchmaking.synthetic import TAG_CODES

    assert [code for code in TAG_CODES if not glossary().read_code(code)] == []


def test_roads_are_infrastructure():
    assert "infrastructure-monitoring" in read("道路の変位を監視したい。")
    assert "infrastructure-monitoring" in read("Monitoring roads for settlement.")


@pytest.mark.parametrize(
    "text",
    ["We run three laser receiving sites with 60 cm telescopes.", "受信用望遠鏡を3か所で運用しています。"],
)
def test_laser_receiving_sites_are_an_optical_ground_network(text):
    assert "optical-ground-network" in read(text)


def test_wheel_housings_are_no_reaction_wheels():
    assert "reaction-wheel" not in read("A machine shop to make our wheel housings.")


@pytest.mark.parametrize(
    "text, concept",
    [
        ("衛星用バスを製造しています。", "smallsat-bus"),  # a form read through the suffix 用
        ("ホールスラスターを調達したい。", "hall-thruster"),  # スラスター and スラスタ alike
        ("ホールスラスタを調達したい。", "hall-thruster"),
    ],
)
def test_japanese_reads_through_affixes_and_long_vowel_spellings(text, concept):
    assert concept in read(text)


@pytest.mark.parametrize(
    "text, concept",
    [
        ("衛星を運用する事業者を探しています。", "satellite-operator"),  # する between the words of a form
        ("地上局を運用している衛星オペレータ", "satellite-operator"),
        ("スターセンサーを量産したい。", "star-tracker"),
        ("打ち上げ時の振動に耐える筐体が必要です。", "structures"),
        ("Enclosures that survive launch loads.", "structures"),
        ("インフラの変位を衛星で監視します。", "infrastructure-monitoring"),
        ("Geolocation of radio emitters from a cluster of satellites.", "rf-geolocation"),
        ("We want to sell in Japan through a local partner.", "japan-market-access"),
        ("軌道上で衛星に燃料を補給する機体を開発中。", "life-extension"),
        ("A machine shop to make flight parts in thousands.", "volume-production"),
        ("We provide cleanroom space for satellite integration.", "cleanroom-services"),
        ("漁協や港湾管理者向けのサービスです。", "fisheries"),
        ("衛星を24時間運用してくれる会社を探しています。", "mission-operations"),
        ("重量12kgの小型月面探査車を開発しています。", "micro-rover"),
        ("A partner to co-propose the next lunar delivery task order with us.", "co-procurement"),
        ("射場を継続的に使っていただける機体事業者を探しています。", "launch"),
        ("ヒドロキシルアンモニウム硝酸塩を主成分とする推進剤。", "green-propellant"),
        ("高純度の一液推進剤を試作済みです。", "chemical-propulsion"),
        ("An underwriter writing in-orbit cover in Japan.", "space-insurance"),
        ("国内外のロケットへの超小型衛星の相乗りを手配しています。", "launch-broker"),
        ("We arrange rideshare slots for cubesats.", "launch-broker"),
        ("A site host with stable power and dark fiber.", "backhaul"),
        ("自社の光ファイバー網を提供できます。", "backhaul"),
        ("遊休地を新規事業に活用したい。", "gateway-hosting"),
    ],
)
def test_founders_everyday_wording_in_either_language(text, concept):
    assert concept in read_as(text)


@pytest.mark.parametrize(
    "text, concept",
    [
        ("日本の大手メーカーとの協業を希望します。", "space-station"),  # 希望 is a wish, not the Kibo module
        ("船の動きを衛星から監視したい。", "isr"),  # monitoring is not military surveillance
        ("Scenes at night and through cloud.", "software"),
        ("AI that fuses imagery and AIS.", "optics"),
        ("A partner to operate our satellites around the clock.", "atomic-clock"),
        ("Our customers are fishing cooperatives.", "fertilizer-company"),
        ("We provide cleanroom space for satellite integration.", "planetary-protection"),
        ("A low-power radio for sensors.", "power"),  # how little it draws, not a power system
        ("低消費電力の無線モジュール。", "power-beaming"),  # a low-power radio, not wireless power
        ("低消費電力の無線モジュール。", "habitat"),  # a module of any kind is no habitat
        ("We need guidance on export rules.", "gnc"),  # advice, not guidance and control
        ("Low power consumption is key.", "none"),  # phrases that name no concept are not read at all
        ("今は表計算ソフトで手作業で管理しています。", "software"),  # the tool used today, not a need for software
        ("Today we plan it all in spreadsheets.", "software"),
        # Words that stemming or a dropped particle turns into a glossary word of another sense.
        ("2026年3月に打ち上げ予定です。", "lunar"),  # a month, not the Moon
        ("So far we have flown twice.", "cmmc"),
        ("Our AI reads crop time series.", "investment"),
        ("We focus on ports.", "sar-processing"),
        ("Designed and built in-house.", "structures"),
        ("We exhibit at a trade fair every year.", "launch-escape"),
        ("An Isp of 220 s.", "harbor-security"),
        ("GPS L1/L2 receivers.", "nrho"),
        ("Our point of contact in Tokyo.", "adcs"),
        ("Thousands of users a day.", "volume-production"),
        ("創業100年の町工場です。", "startup"),
        ("キャリア採用を強化しています。", "telecom-operators"),
        ("夜間対応のサポート窓口があります。", "sar"),
        ("適切なタイミングで打ち上げたい。", "atomic-clock"),
        ("A partner to co-propose the next lunar delivery task order with us.", "standards-body"),
        ("An underwriter writing in-orbit cover in Japan.", "launch-insurance-brokerage"),
        ("自社の光ファイバー網を提供できます。", "space-optical-fiber"),  # a network, not fibre parts
    ],
)
def test_everyday_words_are_not_read_as_a_specialised_concept(text, concept):
    assert concept not in read(text)


def test_japanese_and_english_descriptions_share_their_words():
    """Free text is compared across languages: Japanese words the glossary translates become English stems."""
    words = glossary()
    japanese = set(words.pivot_words("小型衛星の地上局を探しています。"))
    english = set(words.pivot_words("We run ground stations for small satellites."))
    assert english - {"run"} <= japanese  # small, satellite, ground and station, as stems


@pytest.mark.parametrize(
    "text, concept",
    [
        ("ペイロ－ドを搭載したい。", "payload"),  # a full-width dash typed for the long-vowel mark
        ("ペイロ-ドを搭載したい。", "payload"),
        ("スター・トラッカーを量産しています。", "star-tracker"),
    ],
)
def test_katakana_spelt_with_a_dash_or_a_middle_dot(text, concept):
    assert concept in read(text)


@pytest.mark.parametrize(
    "text, concept",
    [
        ("衛星の打ち上げを受託します。", "launch"),  # 打ち上げ before a particle is one noun, not 打つ 上げる
        ("打ち上げの手配を任せたい。", "launch-broker"),
        ("H3を使った打ち上げ。", "h3"),  # SudachiPy cuts H3を into H and 3: Latin runs are read whole
        ("TT&Cを提供する地上局。", "downlink"),
        ("JIS Q 9100とAS9100を取得済みの工場。", "as9100"),
        ("ロケットを打ち上げる。", "launch"),  # the verb, as the form reads alone
        ("組み立ての委託先を探す。", "systems-integration"),
    ],
)
def test_words_read_differently_before_a_particle(text, concept):
    assert concept in read(text)


@pytest.mark.parametrize(
    "text, concept",
    [
        ("雲を透過して夜間も観測できる衛星。", "sar"),
        ("違法操業の漁船を見つけたい。", "ship-detection"),
        ("営農支援サービスを提供。", "agriculture"),
        ("低毒性推進薬を使ったスラスタ。", "green-propellant"),
        ("Greenhouse gases from landfills.", "carbon-monitoring"),  # gases, not the greenhouse of a lunar farm
    ],
)
def test_paraphrases_of_earth_observation_launch_and_propulsion(text, concept):
    assert concept in read(text)


@pytest.mark.parametrize(
    "text, concept",
    [
        ("月面着陸船を開発しています。", "lunar-lander"),
        ("有人宇宙船の生命維持装置。", "human-spaceflight"),
        ("衛星の運用を代行します。", "operations-outsourcing"),
        ("真空槽を貸し出しています。", "thermal-vacuum"),
        ("A machine shop for CNC machining of flight parts.", "precision-manufacturing"),
    ],
)
def test_paraphrases_of_spacecraft_subsystems_operations_and_testing(text, concept):
    assert concept in read_as(text)


def test_replacing_spreadsheets_is_still_a_tool_need():
    assert "systems-engineering-tools" in read("We want to replace spreadsheets for requirements.")


def test_a_spacecraft_is_no_ship():
    assert "maritime-awareness" not in read("有人宇宙船と月面着陸船を開発しています。")


def test_a_machine_shop_is_a_machining_shop():
    """A machine shop machines parts: it reads as precision machining, not as any parts maker."""
    assert read("A machine shop to make our wheel housings.")["precision-manufacturing"] == "machine shop"
    assert read("We are looking for machine shops in Japan.")["precision-manufacturing"] == "machine shops"
    assert "component-maker" not in read("A machine shop to make our wheel housings.")
    assert "component-maker" in read("A parts maker to build our subassemblies.")


def test_for_space_alone_is_no_space_qualification():
    """宇宙用 and 宇宙向け say what any part here is for, so two texts that both say it are not
    matched on it; a qualification (宇宙認定品, QML, space-qualified) still reads as one."""
    for text in ("宇宙用の精密切削部品を製造しています。", "宇宙向けの電子部品を販売。", "宇宙用途の電池。"):
        assert "space-grade" not in read(text)
    assert read("宇宙用の精密切削部品を製造しています。")["precision-manufacturing"] == "精密切削部品"
    assert read("衛星向けの宇宙用部材を供給しています。")["components"] == "宇宙用部材"
    assert "space-grade" in read("QML-V相当の宇宙認定品を調達したい。")
    assert "space-grade" in read("Space-qualified parts for GEO missions.")


@pytest.mark.parametrize(
    "text", ["Pharma partners with hard targets.", "製薬の研究所です。", "医薬品の開発。", "創薬に取り組んでいます。"]
)
def test_pharma_is_the_pharmaceutical_industry_not_tissue_printing(text):
    assert "life-science-company" in read(text)
    assert "bioprinting" not in read(text)


@pytest.mark.parametrize(
    "text",
    [
        "We grow protein crystals in orbit.",
        "膜たんぱく質の結晶を作りたい。",
        "重力のほとんどない環境で実験したい。",
        "重力がほとんどない環境を使いたい。",
    ],
)
def test_protein_crystals_and_almost_no_gravity_are_microgravity_research(text):
    assert "microgravity-research" in read(text)


@pytest.mark.parametrize(
    "text", ["回収率は98%です。", "センサーのデータを衛星経由で回収します。", "1段目を垂直着陸で回収します。"]
)
def test_recovering_anything_is_no_reentry(text):
    """回収 alone recovers data, a booster or a rate; bringing samples back to the ground is reentry."""
    assert "reentry" not in read(text)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("軌道上からサンプルを地上に回収したい。", "reentry"),
        ("回収カプセルを開発しています。", "reentry"),
        ("軌道上の試料を回収します。", "payload-return-service"),  # experiment return, a kind of reentry
        ("試料回収まで支援します。", "payload-return-service"),
        ("サンプルを地球に回収したい。", "return-services"),  # a return service, a kind of reentry
    ],
)
def test_samples_brought_back_to_the_ground_are_reentry(text, concept):
    assert concept in read_as(text)


@pytest.mark.parametrize(
    "text",
    [
        "Compact water recovery system with >95% recovery.",
        "Urine recycling for crewed stations.",
        "尿と汗から飲める水を九十八％とりもどす装置。",
    ],
)
def test_water_recovery_is_life_support(text):
    assert "life-support" in read(text)


def test_an_export_licensing_office_reads_as_export_compliance_not_the_us_market():
    """米国の輸出規制 is U.S. export control, not the U.S. market (米国への輸出 still is); a 行政書士
    handles permits, not local government; 当事務所 is the firm itself, not office space."""
    found = read("当事務所は米国の輸出規制に詳しい行政書士法人です。")
    assert found["export-compliance"] == "米国の輸出規制"
    assert found["regulatory"] == "行政書士"
    assert not {"us-market-access", "civil-protection", "office-space"} & set(found)
    assert "export-compliance" in read("米国の輸出管理規則への対応が必要です。")
    assert "us-market-access" in read("米国への輸出を目指しています。")
    assert "office-space" in read("東京に事務所を探しています。")


def test_the_plural_of_a_noun_kept_whole_is_kept_whole_too():
    """The plural "buildings" is more than one building, not the verb "build": "every new build" (a new
    satellite) is no real estate, while "new buildings" still is."""
    assert "real-estate" not in read("We will fit a capture fixture on every new build.")
    assert "real-estate" in read("We map new buildings from orbit.")
    assert "structures" in read("A machine shop to make our wheel housings.")


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Open source flight software.", "supply-chain-risk"),  # a source of anything is no supplier risk
        ("We add a new data source every month.", "supply-chain-risk"),
        ("Under contract with NASA since 2021.", "regulatory"),  # a contract won is no legal help
        ("We are contracted by JAXA.", "regulatory"),
        ("A pad with LOX/RP-1 storage.", "data-storage"),  # propellant kept, not data
        ("長期の利用契約を結べるロケット会社を歓迎します。", "regulatory"),  # a contract signed is no legal help
        ("Our rover drives 500 m on one charge.", "motors"),  # driving is no motor drive
        ("Electronics that drive Hall thrusters.", "motors"),
        ("Passing current through the melt frees oxygen.", "ground-station"),  # passing is no satellite pass
        ("Docking demo scheduled for 2026.", "mission-operations"),  # a date set is no operations software
        ("Experiments that make sense at a polar site.", "sensors"),  # making sense is no sensing
        ("接近時に撮影する上段の画像を共有します。", "earth-observation"),  # a photo taken is no Earth observation
        ("距離を計測したデータを提供します。", "quality-assurance"),  # a measurement is no quality assurance
        ("Cells are our bottleneck: we need triple-junction cells.", "battery-cells"),  # solar cells store nothing
        ("三接合GaAsセルを量産しています。", "battery-cells"),
        ("Hot-fire test cell time with altitude simulation.", "battery-cells"),
        ("Roll-out flexible blanket solar arrays.", "thermal-protection"),  # a solar blanket is no heat shield
        ("干渉解析に適した時系列データを提供します。", "spectrum-sharing"),  # interferometry, not radio interference
        ("ロケットの飛行安全解析を受託しています。", "image-analytics"),  # analysis of anything is no image analytics
        ("回収サンプルの保管・分析用の設備。", "image-analytics"),
        ("Missing piece is a star tracker.", "iss-external-platforms"),  # missing is no MISSE platform
        ("Valves designed in house.", "chip-design"),  # designed in house is no chip design house
        ("超小型衛星メーカーに採用されています。", "recruiting"),  # adopted by a maker is no hiring
        ("評価データを取得済みです。", "downlink"),  # data gathered is no downlink
        ("Raising a seed extension to finish qualification.", "surface-treatment"),
        ("We handle integration, paperwork and shipping.", "maritime-awareness"),  # sending goods is no sea
        ("BUFR delivered within 30 min.", "mining"),  # minutes are no mine
        ("We have no staff in Japan today.", "recruiting"),
        ("Sorted at the rice mill or co-op.", "precision-manufacturing"),  # a rice mill is no milling
        ("RF signal mapping from LEO.", "urban-planning"),  # mapping anything is no urban planning
        ("自動車・建機向けのGNSS受信モジュール。", "lunar-construction"),  # machinery on Earth is no lunar base
        ("Intros to NASA program offices.", "office-space"),  # a program office is no office to rent
        ("We invest as lead or co-lead.", "market-access"),  # leading a round is no sales lead
        ("A standard refueling port.", "standards-body"),  # a standard part is no standards body
        ("Fly our port on new buses.", "port-logistics"),  # a refuelling port is no harbour
        ("EO maps for development agencies.", "sales-distribution"),  # a government agency is no sales agent
        ("Filings with national regulators.", "engine-components"),  # a regulator is no pressure regulator
        ("SAR data acquisition in strip mode.", "due-diligence"),  # acquiring data is no company acquisition
        ("Panels light enough to cut launch cost.", "lunar-lighting"),
        ("Backup connectivity at our power plants.", "agriculture"),  # a power plant grows nothing
        ("Reliable sources of connectors.", "heritage-data"),
        ("衛星をロケットに搭載するまでの結合作業。", "rendezvous-docking"),  # mating to a rocket is no docking
        ("An SLA of 99.9% uptime.", "japan-qzss-users"),  # a service level is no QZSS SLAS
        ("A capture plate on the client.", "surface-treatment"),  # a plate is no plating
        ("Robotic arms for manipulation tasks.", "revisit"),  # a task is no satellite revisit
        ("Land cover classification from Sentinel-2.", "export-compliance"),  # classifying images is no ECCN
        ("Cesium 3D Tiles in the browser.", "atomic-clock"),  # the Cesium platform is no clock
        ("Cesium 3D Tiles in the browser.", "thermal-protection"),  # map tiles are no heat shield
        ("空港を拠点に空中発射を行います。", "office-space"),  # a base of operations is no office to rent
        ("被害の範囲を地図化します。", "urban-planning"),  # a map of anything is no urban planning
        ("ガス放出量を測定しています。", "sensors"),  # a measurement is no sensor
        ("A 2-stage kero/LOX launcher.", "hydrogen-engine"),  # every liquid engine burns oxygen
        ("液体酸素用の複合材タンク。", "hydrogen-engine"),
        ("Our sensor captures a 300 km-wide strip.", "grapple"),  # capturing a scene is no grapple
        ("Data sampling at 10 kHz.", "lunar-excavation"),
        ("Insurance policies covering on-orbit damage.", "space-law"),
        ("Supply chain resilience.", "counter-space"),
        ("A PPP with the city.", "navigation-augmentation"),  # a public-private partnership
        ("OTA software updates.", "procurement-us"),  # over the air
        ("A TCP/IP stack.", "export-compliance"),
        ("Answers within 24 hr.", "hr-services"),
        ("Upgrade our software.", "satellite-upgrade"),
        ("Our WebGL rendering engine.", "propulsion"),
        ("A CAN bus interface.", "smallsat-bus"),
        ("Food production in Asia.", "space-food"),
        ("Ashes from the volcano.", "memorial"),
        ("金融政策の影響を分析します。", "space-law"),  # monetary policy is no space law
    ],
)
def test_everyday_words_of_sourcing_contracts_storage_driving_measuring_and_analysing_name_no_concept(text, concept):
    assert concept not in read(text)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Our propellant is single-sourced.", "supply-chain-risk"),
        ("We depend on a sole source for our valves.", "supply-chain-risk"),
        ("Contract review and IP advice for space startups.", "regulatory"),
        ("Onboard data storage for imagery.", "data-storage"),
        ("大容量ストレージを搭載します。", "data-storage"),
        ("契約書の審査を支援します。", "regulatory"),
        ("We supply brushless DC drives and stepper drives.", "motors"),
        ("Ground station passes by the minute.", "ground-station"),
        ("月の砂から酸素を取り出す技術。", "isru"),  # moon sand is regolith, a resource, not only dust
        ("Pass scheduling for our ground network.", "ground-software"),
        ("Satellite scheduling and mission control as a service.", "mission-operations"),
        ("宇宙から撮影した画像を販売します。", "earth-observation"),
        ("地上を撮影する小型衛星。", "earth-observation"),
        ("リチウムイオン電池セルを製造。", "battery-cells"),
        ("Solid-state cells for spacecraft battery packs.", "battery-cells"),
        ("Roll-out flexible blanket solar arrays.", "solar-array"),
        ("他システムとの干渉調整を代行しています。", "spectrum-sharing"),
        ("差分干渉解析で地盤沈下を捉えます。", "insar-time-series"),
        ("衛星データ解析を提供しています。", "image-analytics"),
        ("原子炉の稼働状況を衛星画像で分析しております。", "image-analytics"),
        ("Dark vessels along shipping lanes.", "maritime-awareness"),
        ("エンジニアの採用を支援します。", "recruiting"),
        ("Surface finishing of optics.", "surface-treatment"),
        ("An IC design house for radiation-hardened chips.", "chip-design"),
        ("Warm intros to mining majors.", "mining"),
        ("No docking fixture on the client.", "docking-plate"),
        ("CNC milling of aluminium parts.", "precision-manufacturing"),
        ("A staffing agency for engineers.", "recruiting"),
        ("月面建機の遠隔操作。", "lunar-construction"),
        ("3D mapping of cities.", "urban-planning"),
        ("Serviced office space in Tokyo.", "office-space"),
        ("Qualified sales leads in Japan.", "market-access"),
        ("Through international standards bodies.", "standards-body"),
        ("Congestion at container ports.", "port-logistics"),
        ("Standard refuelling ports in GEO.", "docking-plate"),
        ("A sales agency in Japan.", "sales-distribution"),
        ("COPVs and pressure regulators.", "propulsion-feed"),
        ("Mergers and acquisitions advice.", "due-diligence"),
        ("LED lighting for lunar rovers.", "lunar-lighting"),
        ("軌道上で衛星同士を結合させる技術。", "rendezvous-docking"),
        ("SLAS対応の受信機。", "japan-qzss-users"),
        ("Silver plating that meets outgassing rules.", "surface-treatment"),
        ("ITAR/EAR jurisdiction and classification.", "export-compliance"),
        ("Cesium clocks for ground stations.", "atomic-clock"),
        ("Ceramic tiles for the heat shield.", "thermal-protection"),
        ("東京のシェアオフィスを提供します。", "office-space"),
        ("3次元地図を作成しています。", "urban-planning"),
        ("センサの校正を請け負います。", "sensor-calibration"),
        ("月の資源の探鉱。", "mining"),
        ("An LH2/LOX expander-cycle engine.", "hydrogen-engine"),
        ("LOX/メタン用の噴射器。", "methane-engine"),
        ("We capture debris with a net.", "grapple"),
        ("Regolith sampling tools.", "lunar-excavation"),
        ("Space policy advocacy.", "space-law"),
        ("宇宙政策の提言を行います。", "space-law"),
        ("PPP-RTK corrections.", "precise-positioning"),
        ("Satellite upgrade in orbit.", "satellite-upgrade"),
        ("Astronaut food with a long shelf life.", "space-food"),
        ("Calibration of imaging sensors.", "sensor-calibration"),
        ("Staffed around the clock.", "time-zone-support"),
    ],
)
def test_sole_sources_contract_review_storage_drives_moon_sand_photos_and_cells_still_read(text, concept):
    assert concept in read(text)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Thrusters running on a HAN-based ionic liquid.", "green-propellant"),
        ("硝酸ヒドロキシルアンモニウムを主成分とする推進剤。", "green-propellant"),
        ("We are a propellant supplier for satellite makers.", "propellant-supply"),
        ("推進剤の製造を請け負います。", "propellant-supply"),
        ("A catalog of 45,000 tracked objects.", "debris-tracking"),
        ("Failed satellites must come down within 5 years.", "space-debris"),
        ("A removal service for dead spacecraft.", "debris-removal"),
    ],
)
def test_propellants_tracked_objects_and_removal_named_by_what_they_are(text, concept):
    assert concept in read(text)


@pytest.mark.parametrize(
    "text",
    [
        "観測データを継続して買ってくださる宇宙物体カタログ事業者を求めています。",
        "月・火星探査機の観測データを加工して提供しています。",
    ],
)
def test_observation_data_alone_is_not_earth_observation(text):
    """観測データ is data from any instrument (a telescope, a probe, a buoy); Earth observation
    is still read from 衛星観測データ, 地球観測 and the like."""
    assert "earth-observation" not in read(text)
    assert "earth-observation" in read("衛星観測データを販売しています。")


@pytest.mark.parametrize(
    "text",
    [
        "Our smallsats see 300+ narrow bands at 5 m.",
        "300-band imagery at 5 m resolution.",
        "光を何百もの色に分けて測れる衛星。",
    ],
)
def test_hundreds_of_narrow_bands_are_hyperspectral(text):
    assert "hyperspectral" in read(text)


def test_a_boat_alone_is_no_maritime_monitoring():
    """船 on its own is an everyday boat, here a way to carry data; ships watched or tracked are
    still the maritime domain."""
    assert "maritime-awareness" not in read("記録したデータは船で持ち帰っています。")
    assert "maritime-awareness" in read("船舶の動きを監視したい。")
    assert "maritime-awareness" in read("船の動きを把握したい。")


@pytest.mark.parametrize(
    "text, concept",
    [
        ("民生部品を宇宙転用しています。", "cots"),
        ("スラスターメーカーを探しています。", "propulsion"),  # one katakana compound, with or without the long vowel
        ("スラスタメーカーを探しています。", "propulsion"),
        ("圏外の山間地でも通信できる。", "backhaul"),
    ],
)
def test_paraphrases_of_parts_sourcing_and_coverage(text, concept):
    assert concept in read(text)


@pytest.mark.parametrize(
    "text, concept",
    [
        ("We turn satellite pictures into answers for farmers.", "precision-manufacturing"),  # turn is no lathe
        ("Custom hardware for cubesats.", "space-logistics-ground"),  # custom is no customs clearance
        ("レーダー画像を販売しています。", "sales-distribution"),  # selling one's own images is no distribution
    ],
)
def test_plain_verbs_are_no_specialised_concept(text, concept):
    assert concept not in read(text)


@pytest.mark.parametrize(
    "text, concept",
    [
        ("衛星の向きを制御する装置。", "adcs"),
        ("宇宙ゴミを除去したい。", "debris-removal"),
        ("We fix satellites in orbit.", "in-space-servicing"),
    ],
)
def test_plain_startup_wording(text, concept):
    assert concept in read(text)


@pytest.mark.parametrize(
    "text, concept, not_concept",
    [
        # Cells on a solar array are solar cells, not battery cells.
        ("Roll-out solar arrays with triple-junction cells.", "solar-cell-manufacturing", "battery-cells"),
        ("Wheels at 0.1-0.2 Nms, at volume.", "reaction-wheel", None),  # momentum in newton-metre-seconds
        ("A landowner in northern Japan to host our antennas.", "gateway-hosting", None),
        ("北海道に広い敷地と光回線を確保済みです。", "gateway-hosting", None),
        ("アンテナを置いてくれる事業者を募集しています。", "gateway-hosting", None),
        ("生徒が組み立てられる人工衛星キット。", "edtech", None),
        ("宇宙を題材にした探究学習を始めたい。", "education-outreach", None),
    ],
)
def test_what_founders_call_hosting_sites_kits_and_parts(text, concept, not_concept):
    reads_as(text, concept, not_concept)


@pytest.mark.parametrize(
    "text, concept",
    [
        ("準天頂衛星を使った測位サービス。", "qzss"),
        ("補強信号を受信できる受信機。", "navigation-augmentation"),
        ("RTK corrections for farm machinery.", "navigation-augmentation"),
        ("センチメートル級の測位を実現。", "precise-positioning"),
        ("Lane-level positioning for trucks.", "precise-positioning"),
        ("衛星の軌道維持に使う推進系。", "gnc"),
        ("Drag makeup for very low orbits.", "gnc"),
        ("Gridded ion engines for GEO satellites.", "ion-engine"),
        ("GNSS電波掩蔽観測のデータ。", "radio-occultation"),
        ("We sell 18650 cells screened for flight.", "battery-cells"),
        ("ロケットの段間部を製造。", "launch-vehicle-structures"),
        ("Scenes several times a day.", "revisit"),
    ],
)
def test_narrower_navigation_propulsion_and_parts_wording(text, concept):
    assert concept in read(text)


@pytest.mark.parametrize(
    "text, concept",
    [
        ("Solar cells for cubesats.", "battery-cells"),  # a solar cell stores nothing
        ("太陽電池セルを製造しています。", "battery-cells"),
        ("Simulation tools for mission design.", "gripper"),  # tools, hand: too plain for a robot's gripper
        ("On the other hand, our software is free.", "gripper"),
        ("大量のデータを処理します。", "precision-manufacturing"),  # a large amount is no volume production
        ("Ion engines for deep space.", "hall-thruster"),
    ],
)
def test_plain_or_neighbouring_words_are_not_read_as_a_narrower_concept(text, concept):
    assert concept not in read(text)


@pytest.mark.parametrize(
    "text, concept",
    [
        ("アメリカの会社に売りたい。", "us-market-access"),  # アメリカ as well as 米国, 会社 as well as 企業
        ("日本の会社と組みたい。", "japan-market-access"),
        ("日本で売ってくれる会社を探しています。", "japan-sales-agent"),
        ("地上局のアンテナを貸します。", "ground-station"),
        ("衛星同士で通信する端末。", "inter-satellite-link"),
        ("スマホと衛星が直接つながる。", "direct-to-device"),
        ("使い終わった衛星を大気圏に落とす。", "deorbit"),
        ("宇宙でものを作る。", "in-space-manufacturing"),
        ("ヒドラジンの代わりになる推進薬。", "green-propellant"),
        ("夜でも撮影できる衛星。", "sar"),
        ("月面まで運ぶ着陸船。", "lunar-lander"),
        ("月産数千個の量産体制。", "volume-production"),
        ("We help satellites not crash into each other.", "conjunction-assessment"),
        ("We rent out antennas.", "ground-station"),
        ("Machine learning on satellite imagery.", "geospatial-ai"),
    ],
)
def test_plain_verb_phrases_and_everyday_names_in_either_language(text, concept):
    assert concept in read(text)


@pytest.mark.parametrize(
    "text, concept",
    [
        ("We track cattle herds by satellite.", "livestock"),
        ("山火事を早く見つけたい。", "disaster"),
        ("海の温度を衛星で測る。", "ocean-data"),
        ("土地の使われ方を分類する。", "land-cover"),
        ("We locate radio interference and GPS jamming.", "rf-geolocation"),
        ("宇宙で太陽光発電して地上に送る。", "space-solar-power"),
        ("Beaming power from space.", "power-beaming"),
        ("月と地球の通信を中継する。", "lunar-communications"),
        ("We need FCC licensing for our constellation.", "fcc"),
        ("宇宙で植物を育てる。", "lunar-agriculture"),
    ],
)
def test_plain_wording_of_applications_and_services(text, concept):
    assert concept in read_as(text)


@pytest.mark.parametrize(
    "text, concept",
    [
        ("Cross-border sales between the U.S. and Japan.", "border-security"),  # cross-border is no border patrol
        ("炭素繊維で補強した構造。", "navigation-augmentation"),  # 補強 alone is reinforcement
        ("お客様を成功に導くサービス。", "qzss"),  # みちびき reads as the verb 導く
        ("Cell towers in rural areas.", "battery-cells"),
        ("開発で課題にぶつかることもある。", "conjunction-assessment"),
        ("Our sales pipeline is full.", "energy-infrastructure"),
        ("雨の日も晴れの日も。", "sar"),
    ],
)
def test_everyday_words_near_a_concept_do_not_name_it(text, concept):
    assert concept not in read(text)


@pytest.mark.parametrize(
    "text, concept, phrase",
    [
        ("Active removal of debris with a net.", "debris-removal", "removal of debris"),
        ("Integration of payloads onto rockets.", "launch-integration", "Integration of payloads"),
        ("Automatic detection of ships at night.", "ship-detection", "detection of ships"),
        ("Testing of the thermal vacuum kind.", "thermal-vacuum", "Testing of the thermal vacuum"),
    ],
)
def test_a_head_before_of_reads_as_the_form_it_ends(text, concept, phrase):
    assert read(text)[concept] == phrase


def test_a_head_before_of_does_not_cut_a_longer_form_after_it():
    assert read("Launch of small satellites.") == {"launch": "Launch", "small-satellite": "small satellites"}


@pytest.mark.parametrize(
    "text, concept, phrase",
    [
        ("Satelite imagery of farms.", "earth-observation", "Satelite imagery"),
        ("Propulsoin systems for cubesats.", "propulsion", "Propulsoin systems"),
        ("We need a reentry capsul.", "reentry", "reentry capsul"),
        ("Thermal vaccum testing.", "thermal-vacuum", "Thermal vaccum testing"),
    ],
)
def test_a_mistyped_word_inside_a_form_reads_as_the_form(text, concept, phrase):
    assert read(text)[concept] == phrase


@pytest.mark.parametrize(
    "text, concept",
    [
        ("We check whether it works.", "weather"),
        ("An expert team.", "export-compliance"),
        ("Amateur astronomers who report a meteor.", "mentors-advisory"),
        ("Weight and size.", "height"),
    ],
)
def test_a_real_word_one_letter_from_a_glossary_word_stays_itself(text, concept):
    assert concept not in read(text)


def test_the_words_kept_between_processes_read_the_same_glossary(tmp_path, monkeypatch):
    from matchmaking import concepts

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    concepts.glossary.cache_clear()
    try:
        first = concepts.glossary()  # cuts the forms and keeps their words
        (kept,) = (tmp_path / "accelerator").iterdir()
        concepts.glossary.cache_clear()
        second = concepts.glossary()  # reads them back
        fresh = concepts.Glossary.read()
        for loaded in (first, second):
            assert loaded.forms == fresh.forms and loaded.head_first == fresh.head_first
            assert loaded.translations == fresh.translations
        for spoilt in ("{not json", '{"launch": 1}', "[]"):
            kept.write_text(spoilt, encoding="utf-8")
            concepts.glossary.cache_clear()
            assert concepts.glossary().forms == fresh.forms  # a spoilt file is cut again
    finally:
        concepts.glossary.cache_clear()


@pytest.mark.parametrize(
    ("offers", "needs", "own", "needed"),
    [
        ("Hall-effect thrusters.", "A bus maker who will integrate our thrusters.", "propulsion", "smallsat-bus"),
        ("Ground stations in Alaska.", "Customers for our ground stations.", "ground-station", None),
        (
            "宇宙用電子部品の輸入販売商社です。",
            "海外の電子部品メーカーの代理店になりたい。",
            "sales-distribution",
            "electronics",
        ),
        ("北海道に地上局を保有しています。", "地上局を使ってくれるIoT衛星事業者。", "ground-station", "satellite-iot"),
        ("A distributor of parts.", "To become a distributor for U.S. makers.", "sales-distribution", None),
        # What the company's customers need is what it offers them.
        (
            "Large vacuum chambers for thruster wear tests.",
            "Thruster developers in Asia who need life tests.",
            "mechanisms-testing",
            "propulsion",
        ),
        ("Ground stations in Alaska.", "Operators that want ground station passes.", "ground-station", None),
        (
            "北海道に地上局を保有しています。",
            "地上局を必要とする衛星事業者を探しています。",
            "ground-station",
            "satellite-operator",
        ),
        ("寿命試験の設備を持っています。", "寿命試験が必要な企業を探しています。", "mechanisms-testing", None),
        # What the company will do itself.
        ("精密部品の加工を行う町工場です。", "推進系の量産に参入したい。", "volume-production", "propulsion"),
        ("精密部品の加工を行う町工場です。", "設計を導入し、国内で製造したい。", "manufacturing", None),
        (
            "Satellite imagery analytics.",
            "We want to enter the Earth observation market in Japan.",
            "earth-observation",
            None,
        ),
        ("Precision machining.", "We plan to manufacture star trackers in Japan.", "manufacturing", "star-tracker"),
        # What the company has spare.
        (
            "Altitude test cells for hot-fire.",
            "We have open chamber time in 2025-26 and want international customers.",
            "test-chambers",
            "third-country-export",
        ),
        ("Rideshare broker.", "We have spare capacity on our next launch and want payload customers.", "launch", None),
        (
            "試験設備を運用しています。",
            "真空チャンバーに空きがあり、海外の顧客を探しています。",
            "thermal-vacuum",
            None,
        ),
        # What the company means to do with what it needs.
        (
            "Forest carbon analytics.",
            "L-band radar time series, licensed so we can resell derived products.",
            "sales-distribution",
            "sar",
        ),
        (
            "森林の解析サービス。",
            "衛星データを自社で再販できるよう、レーダー画像を仕入れたい。",
            "sales-distribution",
            "sar",
        ),
        # What the company gives to someone: an investor investing, a maker supplying its product.
        ("宇宙分野のベンチャーキャピタル。", "デブリ除去のスタートアップへの出資。", "investment", "debris-removal"),
        (
            "リチウムイオン電池セルを製造。",
            "宇宙用バッテリーを作る海外メーカーへのセル供給。",
            "battery-cells",
            "battery",
        ),
        ("A corporate venture fund.", "Investing in debris removal startups.", "investment", "debris-removal"),
        # Whom the company serves with what it needs: its customers, not something it lacks.
        (
            "X帯の受信アンテナを運用しています。",
            "災害直後に撮れるレーダー画像を、すぐに自治体へ届けたい。",
            "civil-protection",
            "sar",
        ),
        (
            "リモートセンシング案件を取りまとめる商社です。",
            "自治体の防災案件向けに、海上の風や波の観測データを仕入れたい。",
            "civil-protection",
            None,
        ),
        (
            "理科教材の販売。",
            "子どもたちが画面の上で探査機を操縦できるような学習用ソフト。",
            "education-outreach",
            "software",
        ),
        ("Science kits.", "Software so students can fly a rover on screen.", "education-outreach", "software"),
        # Whom it serves, named as a compound that ends in 向け, and buyers for its own product.
        (
            "天体望遠鏡のメーカーです。",
            "デブリを観測する光学観測所向けに、望遠鏡の納入先を探しています。",
            "optical-imagery",
            "debris-tracking",
        ),
        (
            "天体望遠鏡のメーカーです。",
            "デブリを観測する光学観測所向けに、望遠鏡の納入先を探しています。",
            "optical-telescope",
            "debris-tracking",
        ),
        (
            "Battery cells for cars.",
            "Looking to supply Li-ion cells to satellite battery makers.",
            "battery-cells",
            "battery",
        ),
    ],
)
def test_a_need_that_names_the_company_s_own_offer_as_its_own_is_no_need(offers, needs, own, needed):
    _offered, read_needs = fitted(offers, needs)
    assert own in read(needs)
    assert own not in read_needs
    assert needed is None or needed in read_needs


@pytest.mark.parametrize(
    ("offers", "needs", "needed"),
    [
        # Neither "licensing" nor "and" makes ITAR a law firm's own offer.
        (
            "Export control and ITAR counsel in Tokyo.",
            "Startups we advise need FCC licensing and ITAR.",
            "export-compliance",
        ),
        # The partner supplies, not the company: a cell maker that needs a second cell source.
        ("Lithium-ion battery cells.", "A partner to supply Li-ion cells for our packs.", "battery-cells"),
        # A distributor at home that needs distribution partners abroad.
        ("A distributor of space parts in the U.S.", "Distribution partners in Japan.", "sales-distribution"),
        # The company's own need, not its customers', and what it has someone else do.
        ("精密部品の加工を行う町工場です。", "製造を委託したい。", "manufacturing"),
        ("Precision machining.", "We want to buy manufacturing capacity in Japan.", "precision-manufacturing"),
        ("北海道に地上局を保有しています。", "地上局を必要としています。", "ground-station"),
        ("Ground stations in Alaska.", "We need more ground stations that cover the poles.", "ground-station"),
        # Nothing spare: what it lacks.
        ("We rent out chamber time.", "We have no spare chamber time left, so we need more.", "test-chambers"),
        (
            "真空チャンバーを貸し出しています。",
            "真空チャンバーに空きがなく、追加の設備を探しています。",
            "thermal-vacuum",
        ),
    ],
)
def test_what_the_company_seeks_elsewhere_stays_a_need(offers, needs, needed):
    assert needed in read(offers)
    assert needed in fitted(offers, needs)[1]


@pytest.mark.parametrize(
    ("needs", "market"),
    [
        ("米国向けの販路を探しています。", "us-market-access"),
        ("海外向けに販売できるよう、代理店を探しています。", "markets-third-countries"),
        ("A distributor so U.S. customers can buy our parts.", "us-market-access"),
    ],
)
def test_a_market_the_company_means_to_serve_stays_a_need(needs, market):
    """Whom a company serves is its own market, not what it lacks, except a market as a place:
    reaching the U.S. is what it needs."""
    assert market in fitted("宇宙用部品のメーカーです。", needs)[1]


@pytest.mark.parametrize(
    ("offers", "served", "offered"),
    [
        (
            "「きぼう」での実験で培った技術をもとに、製薬企業向けにタンパク質の結晶化を受託しています。",
            "life-science-company",
            "microgravity-research",
        ),
        ("小型衛星向けのホールスラスタを製造しています。", "small-satellite", "hall-thruster"),
        ("防災情報を自治体へ届けるサービス。", "civil-protection", "disaster"),
    ],
)
def test_whom_an_offer_serves_is_not_what_it_offers(offers, served, offered):
    """A lab that crystallises proteins for drug makers offers crystals, not drug makers, so a
    company that needs pharmaceutical customers is not offered one by it."""
    read_offers, _needed = fitted(offers)
    assert served in read(offers)
    assert served not in read_offers
    assert offered in read_offers


def test_what_an_offer_names_elsewhere_as_its_own_stays():
    """NB-IoT向けの通信チップ names the standard the chips are for; the English sentence names
    the same concept as what the company makes, so it stays an offer."""
    offers = "LTE-M／NB-IoT向けの通信チップを設計しています。We design cellular IoT chips."
    assert "satellite-iot-chips" in fitted(offers)[0]


def test_a_market_an_offer_serves_stays_an_offer():
    """Help for entering the U.S. is what a consultancy offers: a market as a place stays."""
    assert "us-market-access" in fitted("米国向けの進出支援を行っています。")[0]


def test_a_domain_both_sides_name_stays_a_need():
    """A radar operator that observes disasters and needs damage maps still needs disaster work."""
    offers, needs = "SAR衛星で災害時の緊急観測を行います。", "被害状況を地図にできる解析パートナー。"
    assert set(read(needs)) == fitted(offers, needs)[1]


def test_a_form_listed_under_a_concept_and_its_broader_one_names_the_narrower():
    """The first concept to list a form keeps it, unless a narrower kind of it lists the form too:
    then the narrower one names it, and it still counts towards the broader one."""
    words = Glossary(
        [
            Concept("disaster", ("disasters", "earthquakes"), ("災害", "地震"), ""),
            Concept("earthquake-damage", ("earthquakes",), ("地震",), "disaster"),
            Concept("seismology", ("earthquakes",), (), ""),  # not a kind of disaster: it claims nothing
        ]
    )
    for text in ("Maps after earthquakes.", "地震の後の地図。"):
        assert [words.concepts[m.concept].id for m in words.read_text(text)] == ["earthquake-damage"]
    assert [words.concepts[m.concept].id for m in words.read_text("Disasters.")] == ["disaster"]


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Dark-vessel detection.", "ship-ais-dark"),
        ("A CubeSat deployer for Electron.", "satellite-dispenser"),
        ("We sell wireless power transmission hardware.", "power-plant-orbit"),
    ],
)
def test_forms_shared_with_a_broader_concept_read_as_the_narrower_one(text, concept):
    assert concept in read(text)


def test_a_worker_process_reads_the_glossary_as_it_starts():
    from celery.signals import worker_process_init

    import matchmaking.tasks  # noqa: F401 - a worker imports its tasks, which connects the reader

    glossary.cache_clear()
    worker_process_init.send(sender=None)
    assert glossary.cache_info().currsize == 1
    # and builds the indexes a run reads, so the first run does not build them
    assert {"lineage", "broader_of", "narrower", "_near_words", "translations"} <= set(vars(glossary()))


@pytest.mark.parametrize(
    "text, concept, not_concept",
    [
        # A phone operator's spectrum is lent, not a bank's money; a survey rover is a GNSS receiver.
        ("Every country needs an operator lending spectrum and subscribers.", "spectrum", "bank-lending"),
        ("Millimetre-grade RTK rovers for surveyors.", "precise-positioning", "lunar-rover"),
        ("A receiver that gets to a few centimetres without a base station.", "precise-positioning", None),
        ("全国で約800万回線を持つ携帯事業者です。", "telecom-operators", None),
        ("お客様がいま使っているスマホがそのまま空とつながるサービス。", "direct-to-device", None),
        ("Carrier-grade LEO trunking for mobile operators.", "backhaul", None),
        ("基地局の伝送路として使える冗長回線を探しています。", "backhaul", None),
        ("Lights-out ops for 50 spacecraft with one person on shift.", "mission-operations", None),
        ("パス計画とテレメトリ監視を自動化したい。", "mission-operations", None),
        ("少人数で多数機を回せる仕組みを導入したい。", "mission-operations", "constellation"),
        ("A receiving telescope in East Asia with tip-tilt correction.", "ground-terminals", None),
        ("衛星からの光を受ける地上設備への展開を考えています。", "ground-terminals", None),
        ("Someone who can host or operate a dish south of 30N.", "gateway-hosting", None),
        ("高緯度の受信拠点とパスを融通したい。", "polar-stations", None),
        ("Auto-steer kits for farm equipment dealers.", "agriculture", None),
        ("北米の農機メーカーに販売したい。", "agriculture", None),
        ("ため池に設置する水位計と傾斜計。", "sensors", None),
        ("図面を受け取るには米国政府の許可が必要だと言われました。", "export-compliance", None),
        ("A partner who can run teacher workshops.", "education-outreach", None),
        ("避難所と本部の間で文字でやりとりする、持ち運べる端末。", "messaging", None),
    ],
)
def test_operators_circuits_telescopes_and_field_kits_as_founders_write_them(text, concept, not_concept):
    reads_as(text, concept, not_concept)


@pytest.mark.parametrize(
    "text, concept, not_concept",
    [
        # A part going end-of-life is obsolescence, not a satellite's disposal.
        ("Our current detector goes end-of-life next year.", "obsolescence", "deorbit"),
        ("A chip source that guarantees ten years of supply.", "obsolescence", None),
        ("長期供給の保証にも対応します。", "obsolescence", None),
        # Weightlessness in general is microgravity research; seconds of it are a parabolic flight.
        ("An R&D budget set aside for work in weightlessness.", "microgravity-research", "parabolic-flights"),
        ("Short periods of weightlessness on aircraft.", "parabolic-flights", None),
        ("Samples back in our lab within days.", "payload-return-service", None),
        ("実験サンプルを地上に回収するサービス。", "payload-return-service", None),
        ("We structure operating leases for satellites.", "debt-financing", None),
        ("航空機ファイナンス部門から宇宙事業を立ち上げました。", "debt-financing", None),
        # The grain of a ceramic part is no grain harvest.
        ("Parts ground to tight tolerance with consistent grain.", "precision-manufacturing", "food-security"),
    ],
)
def test_supply_guarantees_weightlessness_samples_and_leases_as_founders_write_them(text, concept, not_concept):
    reads_as(text, concept, not_concept)


@pytest.mark.parametrize(
    "text, concept, not_concept",
    [
        # Diggers on a building site are construction machinery, not lunar excavation.
        ("Machine-control kits for excavators, dozers and graders.", "construction-company", "lunar-excavation"),
        ("A bucket-wheel excavator design for lunar soil.", "lunar-excavation", None),
        ("Weekly progress reports from orbit on industrial megaprojects.", "construction-progress", None),
        ("出来高や工程の遅れを週単位で把握したい。", "construction-progress", None),
        ("Centimetre corrections that come straight from the sky.", "navigation-augmentation", None),
        ("Japanese waterworks and their buried mains.", "utilities", None),
        ("300 county assessors keep the roll current with it.", "urban-planning", None),
        ("Millimetre-scale ground-motion maps for well pads.", "insar-time-series", None),
        ("干渉解析にそのまま使える位相情報付きのデータ。", "insar-time-series", None),
        # Field crews are no astronauts.
        ("Leaking mains found for field crews to walk.", "utilities", "human-spaceflight"),
        ("Pyrolytic-type carbon film for flexible links.", "thermal-materials", "carbon-monitoring"),
        ("高配向の人工黒鉛シートを焼成しています。", "thermal-materials", None),
        ("A pointing-knowledge sensor under 300 g.", "star-tracker", None),
        ("A commercial fab with a fully depleted SOI process.", "semiconductor-foundry", None),
        ("完全空乏型の絶縁膜上シリコン工程を持つ国内ファウンドリです。", "semiconductor-foundry", None),
        ("試作向けの相乗りウェハを運行しています。", "semiconductor-foundry", "rideshare"),
        ("An oven-controlled quartz reference with low phase noise.", "ocxo", None),
        ("宇宙用の恒温槽付き水晶発振器を製造しています。", "ocxo", "test-chambers"),
        ("FMECA, derating and worst-case circuit analysis.", "mission-assurance", None),
        ("故障モード影響解析や部品の負荷軽減解析を書ける人材。", "mission-assurance", None),
        ("Regular access to an ion accelerator in Asia.", "radiation-test-facility", "venture-studio"),
        ("研究用加速器で重イオン照射の枠を確保しています。", "radiation-test-facility", None),
    ],
)
def test_site_machinery_pipes_parcels_and_parts_makers_wording(text, concept, not_concept):
    reads_as(text, concept, not_concept)


def test_a_concept_many_texts_name_weighs_far_less_than_a_specific_one():
    """Weight falls steeply with the share of texts naming a concept: "constellation", said by half
    the population in passing, weighs under a third of a star tracker only one company names
    (without the power, over two fifths)."""
    texts = ["We run a constellation."] * 50 + ["Star trackers for smallsats."] + ["Nothing here."] * 49
    offers_and_needs = texts + [""] * len(texts)
    model, _vectors, _mentions = ConceptModel.fit(offers_and_needs, sparse.csr_matrix((len(offers_and_needs), 0)), ())
    words = glossary()
    weight = {words.concepts[concept].id: value for concept, value in zip(model.columns, model.weights, strict=True)}
    assert weight["constellation"] < weight["star-tracker"] / 3
    assert weight["star-tracker"] > 0.8
