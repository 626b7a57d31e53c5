"""Hand-written U.S./Japanese pairs whose best partner is known, and distractors around them.

Each pair is (U.S. profile, Japanese profile). A profile is (offers, needs, TRL, export
classification, offers text, needs text); segments and technology areas follow from what it
offers. Japanese sides marked JA_ONLY describe themselves only in Japanese.
"""

from matchmaking.synthetic import CAPABILITIES

SEGMENT_OF = {code: segment for code, _en, _ja, _area, segment in CAPABILITIES}
AREA_OF = {code: area for code, _en, _ja, area, _segment in CAPABILITIES}

PAIRS = [
    (
        (
            ["image-analytics", "maritime-awareness"],
            ["sar-imagery"],
            7,
            "ear99",
            "Ship detection and dark-vessel analytics for coast guards and insurers.",
            "We need SAR imagery with frequent revisit over the western Pacific.",
        ),
        (
            ["sar-imagery"],
            ["image-analytics"],
            8,
            "not_us",
            "小型SAR衛星コンステレーションによる高頻度の観測画像を提供します。",
            "SAR画像から船舶を検出する解析パートナーを探しています。",
        ),
    ),
    (
        (
            ["small-launch"],
            ["composite-structures"],
            8,
            "itar",
            "Dedicated small launch to sun-synchronous orbit.",
            "Carbon-fibre fairings and interstage structures built in volume.",
        ),
        (
            ["composite-structures"],
            ["small-launch"],
            6,
            "not_us",
            "Carbon composite booms, fairings and deployable structures.",
            "A ride to orbit for a deployable boom flight demonstration.",
        ),
    ),
    (
        (
            ["electric-propulsion"],
            ["smallsat-bus"],
            7,
            "ear",
            "Hall-effect thrusters for orbit raising and station keeping.",
            "A small satellite bus partner to integrate our thrusters.",
        ),
        (
            ["smallsat-bus"],
            ["electric-propulsion"],
            8,
            "not_us",
            "100kg級小型衛星バスの設計・製造。",
            "軌道上昇と軌道維持のための電気推進系を求めています。",
        ),
    ),
    (
        (
            ["debris-tracking", "surveillance-sensors"],
            ["debris-removal"],
            7,
            "ear",
            "Radar tracking and characterisation of debris in low Earth orbit.",
            "Removal missions that act on our debris catalogue.",
        ),
        (
            ["debris-removal", "rendezvous-docking"],
            ["debris-tracking"],
            7,
            "not_us",
            "デブリ除去衛星によるランデブー・捕獲サービス。",
            "除去対象デブリの高精度な軌道・回転状態の追跡データが必要です。",
        ),
    ),
    (
        (
            ["optical-comms"],
            ["ground-stations"],
            6,
            "ear",
            "Laser communication terminals for small satellites.",
            "Optical ground station sites in Asia for downlink.",
        ),
        (
            ["ground-stations"],
            ["optical-comms"],
            8,
            "not_us",
            "Ground station network in Japan and Southeast Asia, antenna time as a service.",
            "Optical terminals so our stations can offer laser downlink.",
        ),
    ),
    (
        (
            ["lunar-rovers"],
            ["lunar-landers"],
            5,
            "ear",
            "Compact lunar rovers for polar exploration.",
            "Delivery of our rover to the lunar surface.",
        ),
        (
            ["lunar-landers"],
            ["lunar-rovers"],
            6,
            "not_us",
            "月面への輸送サービスを提供する月着陸機。",
            "着陸機に搭載するローバーなどのペイロード顧客を募集しています。",
        ),
    ),
    (
        (
            ["star-trackers"],
            ["reaction-wheels"],
            8,
            "ear99",
            "Star trackers for CubeSats and small satellites.",
            "Reaction wheels to offer a complete attitude control package.",
        ),
        (
            ["reaction-wheels"],
            ["star-trackers"],
            8,
            "not_us",
            "Reaction wheels and magnetorquers for 50-200 kg satellites.",
            "Star trackers to complete our attitude control product line.",
        ),
    ),
    (
        (
            ["onboard-autonomy"],
            ["hyperspectral-imaging"],
            6,
            "ear99",
            "On-board AI that processes images in orbit and downlinks only insights.",
            "Hyperspectral cameras whose data cubes we can process on board.",
        ),
        (
            ["hyperspectral-imaging"],
            ["onboard-autonomy"],
            7,
            "not_us",
            "小型衛星搭載用のハイパースペクトルカメラ。",
            "データ量を削減する機上でのAI処理技術を求めています。",
        ),
    ),
    (
        (
            ["agri-insurance-analytics"],
            ["optical-imagery"],
            7,
            "ear99",
            "Crop yield and parametric insurance analytics from satellite data.",
            "Daily optical imagery over Asian rice-growing regions.",
        ),
        (
            ["optical-imagery"],
            ["agri-insurance-analytics"],
            8,
            "not_us",
            "Daily optical and multispectral imagery from a microsatellite constellation.",
            "Downstream partners in agriculture and insurance analytics.",
        ),
    ),
    (
        (
            ["weather-climate-data"],
            ["rf-payloads"],
            7,
            "ear99",
            "Weather forecasting from radio occultation data.",
            "Radio occultation receivers and RF payloads to fly.",
        ),
        (
            ["rf-payloads"],
            ["weather-climate-data"],
            7,
            "not_us",
            "電波掩蔽観測用のRFペイロード。",
            "観測データを気象予報に活用するデータ利用パートナー。",
        ),
    ),
    (
        (
            ["satellite-iot"],
            ["sales-distribution"],
            7,
            "ear99",
            "Satellite IoT connectivity for asset tracking.",
            "Distribution partners who sell our IoT service to Japanese logistics firms.",
        ),
        (
            ["sales-distribution", "japan-market-access"],
            ["satellite-iot"],
            9,
            "not_us",
            "物流・建設業界への販売網を持つ総合商社です。",
            "取引先に提供できる衛星IoT通信サービスを探しています。",
        ),
    ),
    (
        (
            ["conjunction-analysis"],
            ["surveillance-sensors"],
            7,
            "ear",
            "Conjunction assessment and collision avoidance for operators.",
            "Optical and radar sensor data to improve our orbit catalogue.",
        ),
        (
            ["surveillance-sensors"],
            ["conjunction-analysis"],
            6,
            "not_us",
            "Optical telescopes for space surveillance from Japan.",
            "An analytics partner that turns our observations into collision warnings.",
        ),
    ),
    (
        (
            ["life-extension"],
            ["space-robotics"],
            6,
            "itar",
            "Satellite life extension and refuelling missions in GEO.",
            "Robotic arms for capture and servicing.",
        ),
        (
            ["space-robotics"],
            ["life-extension"],
            6,
            "not_us",
            "軌道上作業用のロボットアーム。",
            "ロボットアームを活用する軌道上サービスミッションのパートナー。",
        ),
    ),
    (
        (
            ["isru"],
            ["lunar-rovers"],
            4,
            "ear99",
            "Extraction of water from lunar regolith.",
            "Surface mobility to carry our excavation payload.",
        ),
        (
            ["lunar-rovers"],
            ["isru"],
            5,
            "not_us",
            "Pressurised lunar rover for crew surface mobility.",
            "Resource utilisation partners for water and oxygen on the Moon.",
        ),
    ),
    (
        (
            ["habitats-life-support"],
            ["thermal-control"],
            5,
            "ear",
            "Inflatable habitats and life support for lunar and orbital stations.",
            "Thermal control hardware for habitat modules.",
        ),
        (
            ["thermal-control"],
            ["habitats-life-support"],
            7,
            "not_us",
            "ループヒートパイプなどの熱制御機器。",
            "居住モジュールの熱設計に関わる案件を探しています。",
        ),
    ),
    (
        (
            ["environmental-testing"],
            ["green-propellant"],
            9,
            "ear99",
            "Vibration, shock and thermal vacuum testing in Colorado.",
            "Hot-fire test campaigns for green propellant thrusters.",
        ),
        (
            ["green-propellant"],
            ["environmental-testing"],
            6,
            "not_us",
            "Green propellant thrusters for small satellites.",
            "Qualification testing in the United States ahead of U.S. missions.",
        ),
    ),
    (
        (
            ["geospatial-ai"],
            ["disaster-monitoring"],
            7,
            "ear99",
            "Geospatial AI that fuses satellite and ground data.",
            "Disaster response agencies and operators as customers.",
        ),
        (
            ["disaster-monitoring"],
            ["geospatial-ai"],
            7,
            "not_us",
            "衛星データを活用した災害監視・対応サービス。",
            "複数の衛星データを統合する地理空間AIを求めています。",
        ),
    ),
    (
        (
            ["mission-operations"],
            ["leo-broadband"],
            8,
            "ear99",
            "Mission operations software for large constellations.",
            "A broadband constellation operator as a launch customer.",
        ),
        (
            ["leo-broadband"],
            ["mission-operations"],
            6,
            "not_us",
            "低軌道ブロードバンド通信コンステレーション。",
            "大規模コンステレーションの運用管制ソフトウェア。",
        ),
    ),
    (
        (
            ["pnt"],
            ["avionics"],
            7,
            "ear",
            "Resilient positioning, navigation and timing receivers.",
            "On-board computers that host our navigation software.",
        ),
        (
            ["avionics"],
            ["pnt"],
            8,
            "not_us",
            "On-board computers and avionics for small spacecraft.",
            "A navigation and timing receiver to integrate in our avionics.",
        ),
    ),
    (
        (
            ["simulation"],
            ["launch-integration"],
            7,
            "ear99",
            "Digital twins and mission simulation for launch providers.",
            "Launch integration partners who use our simulation tools.",
        ),
        (
            ["launch-integration"],
            ["simulation"],
            8,
            "not_us",
            "ライドシェア打ち上げのインテグレーションサービス。",
            "打ち上げ前の解析に使うシミュレーション・デジタルツイン。",
        ),
    ),
    (
        (
            ["export-compliance"],
            ["japan-market-access"],
            9,
            "ear99",
            "Export-control classification, licences and TAAs for space companies.",
            "Japanese corporate partners who refer clients to us.",
        ),
        (
            ["japan-market-access"],
            ["export-compliance"],
            9,
            "not_us",
            "Access to Japanese government and corporate buyers for foreign space firms.",
            "Export-control and compliance support for our U.S. partners.",
        ),
    ),
    (
        (
            ["investment", "us-market-access"],
            ["chemical-propulsion"],
            9,
            "ear99",
            "Seed and Series A investment in space hardware, with introductions to U.S. customers.",
            "Propulsion companies raising their first round.",
        ),
        (
            ["chemical-propulsion"],
            ["investment", "us-market-access"],
            5,
            "not_us",
            "小型衛星向けの化学推進スラスタ。",
            "シード資金と米国顧客への販路を求めています。",
        ),
    ),
    (
        (
            ["solar-power"],
            ["batteries"],
            8,
            "ear",
            "Flexible solar arrays and power systems.",
            "Space-qualified lithium-ion cells for our power systems.",
        ),
        (
            ["batteries"],
            ["solar-power"],
            8,
            "not_us",
            "宇宙用リチウムイオンバッテリー。",
            "バッテリーと組み合わせる太陽電池パドルのパートナー。",
        ),
    ),
    (
        (
            ["sar-imagery"],
            ["maritime-awareness", "japan-market-access"],
            8,
            "ear",
            "High-resolution SAR imagery on demand.",
            "Maritime customers and resellers in Japan.",
        ),
        (
            ["maritime-awareness", "japan-market-access"],
            ["sar-imagery"],
            8,
            "not_us",
            "Maritime domain awareness services for Japanese shipping lines.",
            "High-resolution SAR imagery for vessel monitoring.",
        ),
    ),
    (
        (
            ["launch-integration"],
            ["small-launch"],
            8,
            "ear99",
            "Rideshare brokerage and payload integration.",
            "Launch capacity for our rideshare customers.",
        ),
        (
            ["small-launch"],
            ["launch-integration"],
            6,
            "not_us",
            "北海道からの小型ロケット打ち上げサービス。",
            "打ち上げ顧客を集めるインテグレーターとの提携。",
        ),
    ),
    (
        (
            ["space-robotics"],
            ["precision-manufacturing"],
            6,
            "ear",
            "Robotic arms and end effectors for in-space assembly.",
            "Precision machined joints and gears in volume.",
        ),
        (
            ["precision-manufacturing"],
            ["space-robotics"],
            9,
            "not_us",
            "Precision machining and volume production for aerospace.",
            "Space robotics programmes that need precision parts.",
        ),
    ),
    (
        (
            ["hyperspectral-imaging"],
            ["smallsat-bus"],
            6,
            "ear",
            "Hyperspectral imager for methane detection.",
            "A small satellite bus to host our imager.",
        ),
        (
            ["smallsat-bus", "environmental-testing"],
            ["hyperspectral-imaging"],
            8,
            "not_us",
            "小型衛星バスの提供と環境試験。",
            "バスに搭載するハイパースペクトルセンサを探しています。",
        ),
    ),
    (
        (
            ["systems-integration"],
            ["rad-hard-electronics", "composite-structures"],
            9,
            "itar",
            "Prime contracting and systems integration for defence and civil programmes.",
            "Radiation-hardened electronics from allied suppliers.",
        ),
        (
            ["rad-hard-electronics"],
            ["systems-integration", "us-market-access"],
            8,
            "not_us",
            "耐放射線電子部品の設計・製造。",
            "米国のプライム企業とのサプライヤー契約を目指しています。",
        ),
    ),
    (
        (
            ["disaster-monitoring"],
            ["satellite-iot"],
            7,
            "ear99",
            "Flood and wildfire monitoring for emergency managers.",
            "Satellite IoT links for remote river and slope sensors.",
        ),
        (
            ["satellite-iot"],
            ["disaster-monitoring"],
            7,
            "not_us",
            "Satellite IoT links for remote sensors.",
            "Disaster monitoring services that use our sensor network.",
        ),
    ),
    (
        (
            ["rendezvous-docking"],
            ["star-trackers", "onboard-autonomy"],
            6,
            "itar",
            "Rendezvous and proximity operations guidance for servicing vehicles.",
            "Relative navigation cameras and on-board autonomy.",
        ),
        (
            ["onboard-autonomy", "star-trackers"],
            ["rendezvous-docking"],
            7,
            "not_us",
            "画像認識による機上自律航法と姿勢センサ。",
            "ランデブー・ドッキングのミッションで技術実証したい。",
        ),
    ),
    (
        (
            ["thermal-control", "batteries"],
            ["lunar-landers"],
            7,
            "ear",
            "Heaters and batteries that survive the lunar night.",
            "Lander missions that must survive the lunar night.",
        ),
        (
            ["lunar-landers"],
            ["thermal-control", "batteries"],
            5,
            "not_us",
            "Lunar landers for payload delivery to the south pole.",
            "Thermal and power systems that survive the lunar night.",
        ),
    ),
    (
        (
            ["ground-stations", "mission-operations"],
            ["leo-broadband", "optical-comms"],
            8,
            "ear99",
            "Ground-station-as-a-service with mission operations support.",
            "Constellation customers with laser and RF downlinks.",
        ),
        (
            ["leo-broadband", "optical-comms"],
            ["ground-stations"],
            6,
            "not_us",
            "光通信を備えたブロードバンド衛星。",
            "アジア・北米の地上局ネットワークを探しています。",
        ),
    ),
]

# Companies that share segments, countries or a capability with several pairs but fit none best.
DISTRACTORS = [
    ("US", (["systems-integration", "smallsat-bus", "avionics", "solar-power", "composite-structures"],
            ["us-market-access"], 9, "itar",
            "Satellite prime for national security missions.", "Suppliers that meet defence requirements.")),
    ("JP", (["systems-integration", "smallsat-bus", "ground-stations"], ["japan-market-access"], 9, "not_us",
            "大型衛星システムの開発・製造。", "国内の政府案件。")),
    ("US", (["image-analytics"], ["optical-imagery"], 6, "ear99",
            "Imagery analytics for defence and intelligence.", "Optical imagery over conflict zones.")),
    ("JP", (["optical-imagery", "sar-imagery"], ["investment"], 7, "not_us",
            "光学・SAR衛星データの販売。", "事業拡大のための資金調達。")),
    ("GB", (["debris-tracking"], ["investment"], 6, "not_us",
            "Debris tracking from a sensor network in Europe.", "Growth investors.")),
    ("US", (["small-launch", "launch-integration"], ["investment"], 7, "itar",
            "Air-launched small rockets.", "Growth capital for a new vehicle.")),
    ("JP", (["precision-manufacturing"], ["japan-market-access"], 9, "not_us",
            "自動車部品の精密加工。", "宇宙産業への参入支援。")),
    ("FR", (["optical-comms", "rf-payloads"], ["smallsat-bus"], 7, "not_us",
            "Optical and RF payloads for telecom satellites.", "Small satellite buses for demonstrations.")),
    ("US", (["lunar-landers", "lunar-rovers"], ["investment"], 6, "itar",
            "Lunar delivery and mobility.", "Investors for the next mission.")),
    ("JP", (["simulation", "geospatial-ai"], ["sales-distribution"], 6, "not_us",
            "シミュレーションとデータ解析のソフトウェア。", "海外の販売代理店。")),
]  # fmt: skip

JA_ONLY = 17  # Japanese sides described only in Japanese (checked by the test)


def _profile(identifier: int, country: str, spec) -> dict:
    offers, needs, trl, export, offers_text, needs_text = spec
    return {
        "id": identifier,
        "country": country,
        "offers": offers,
        "needs": needs,
        "segments": sorted({SEGMENT_OF[code] for code in offers if SEGMENT_OF[code]}),
        "areas": sorted({AREA_OF[code] for code in offers if AREA_OF[code]}),
        "trl": trl,
        "export": export,
        "offers_text": offers_text,
        "needs_text": needs_text,
    }


def population() -> tuple[list[dict], list[tuple[int, int]]]:
    """All profiles, and the (U.S. id, Japanese id) of each labelled pair."""
    profiles, pairs = [], []
    for index, (us, jp) in enumerate(PAIRS):
        us_id, jp_id = 1000 + index, 2000 + index
        profiles += [_profile(us_id, "US", us), _profile(jp_id, "JP", jp)]
        pairs.append((us_id, jp_id))
    for index, (country, spec) in enumerate(DISTRACTORS):
        profiles.append(_profile(3000 + index, country, spec))
    return profiles, pairs
