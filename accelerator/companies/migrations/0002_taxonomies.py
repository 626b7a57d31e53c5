"""Loads the controlled vocabularies: segments, NASA TX areas, capabilities, standards
and the readiness self-assessment. Codes are stable; names may be edited in the admin."""

from django.db import migrations

SEGMENTS = [
    ("launch", "Launch", "打ち上げ"),
    ("earth-observation", "Earth observation (EO)", "地球観測（EO）"),
    ("satcom", "Satellite communications (satcom)", "衛星通信"),
    ("ssa-sda", "Space situational / domain awareness (SSA/SDA)", "宇宙状況把握（SSA/SDA）"),
    ("in-space-servicing", "In-space servicing", "軌道上サービス"),
    ("lunar-exploration", "Lunar and exploration", "月・宇宙探査"),
    ("ground-segment", "Ground segment", "地上システム"),
    ("components", "Components and subsystems", "部品・サブシステム"),
    ("space-data", "Space data applications", "宇宙データ利用"),
]

TECHNOLOGY_AREAS = [
    ("tx01", "Propulsion Systems", "推進システム"),
    ("tx02", "Flight Computing and Avionics", "フライトコンピューティング・アビオニクス"),
    ("tx03", "Aerospace Power and Energy Storage", "航空宇宙電力・エネルギー貯蔵"),
    ("tx04", "Robotic Systems", "ロボットシステム"),
    (
        "tx05",
        "Communications, Navigation, and Orbital Debris Tracking and Characterization Systems",
        "通信・航法・軌道上デブリ追跡・特性評価システム",
    ),
    ("tx06", "Human Health, Life Support, and Habitation Systems", "人間の健康・生命維持・居住システム"),
    ("tx07", "Exploration Destination Systems", "探査目的地システム"),
    ("tx08", "Sensors and Instruments", "センサ・観測機器"),
    ("tx09", "Entry, Descent, and Landing", "突入・降下・着陸"),
    ("tx10", "Autonomous Systems", "自律システム"),
    ("tx11", "Software, Modeling, Simulation, and Information Processing", "ソフトウェア・モデリング・シミュレーション・情報処理"),
    ("tx12", "Materials, Structures, Mechanical Systems, and Manufacturing", "材料・構造・機械システム・製造"),
    ("tx13", "Ground, Test, and Surface Systems", "地上・試験・地表システム"),
    ("tx14", "Thermal Management Systems", "熱制御システム"),
    ("tx15", "Flight Vehicle Systems", "飛行体システム"),
    ("tx16", "Air Traffic Management and Range Tracking Systems", "航空交通管理・射場追跡システム"),
    ("tx17", "Guidance, Navigation, and Control (GN&C)", "誘導・航法・制御（GN&C）"),
]

# code, English, Japanese, technology area, segment
CAPABILITIES = [
    ("small-launch", "Small launch vehicle services", "小型ロケット打ち上げサービス", "tx01", "launch"),
    ("launch-integration", "Rideshare and launch integration", "ライドシェア・打ち上げインテグレーション", "tx13", "launch"),
    ("chemical-propulsion", "Chemical propulsion", "化学推進", "tx01", "components"),
    ("electric-propulsion", "Electric propulsion (Hall, ion)", "電気推進（ホール・イオン）", "tx01", "components"),
    ("green-propellant", "Green propellant thrusters", "グリーン推進剤スラスタ", "tx01", "components"),
    ("sar-imagery", "SAR satellites and imagery", "SAR衛星・画像", "tx08", "earth-observation"),
    ("optical-imagery", "Optical and multispectral imagery", "光学・マルチスペクトル画像", "tx08", "earth-observation"),
    ("hyperspectral-imaging", "Hyperspectral imaging", "ハイパースペクトル撮像", "tx08", "earth-observation"),
    ("image-analytics", "Satellite image processing and analytics", "衛星画像処理・解析", "tx11", "space-data"),
    ("geospatial-ai", "Geospatial AI and data fusion", "地理空間AI・データ融合", "tx11", "space-data"),
    ("ground-stations", "Ground station services", "地上局サービス", "tx13", "ground-segment"),
    ("mission-operations", "Mission operations software", "運用管制ソフトウェア", "tx11", "ground-segment"),
    ("optical-comms", "Optical (laser) communications", "光（レーザー）通信", "tx05", "satcom"),
    ("rf-payloads", "RF communication payloads", "RF通信ペイロード", "tx05", "satcom"),
    ("leo-broadband", "LEO broadband connectivity", "低軌道ブロードバンド通信", "tx05", "satcom"),
    ("satellite-iot", "Satellite IoT connectivity", "衛星IoT通信", "tx05", "satcom"),
    ("debris-tracking", "Space debris tracking and characterisation", "スペースデブリ追跡・特性評価", "tx05", "ssa-sda"),
    ("surveillance-sensors", "Space surveillance sensors (radar, optical)", "宇宙監視センサ（レーダー・光学）", "tx16", "ssa-sda"),
    ("conjunction-analysis", "Conjunction assessment and collision avoidance", "接近解析・衝突回避", "tx17", "ssa-sda"),
    ("debris-removal", "Active debris removal", "デブリ除去", "tx04", "in-space-servicing"),
    ("rendezvous-docking", "Rendezvous, proximity operations and docking", "ランデブー・近傍運用・ドッキング", "tx17", "in-space-servicing"),
    ("life-extension", "Satellite life extension and refuelling", "衛星寿命延長・燃料補給", "tx04", "in-space-servicing"),
    ("space-robotics", "Space robotic arms", "宇宙用ロボットアーム", "tx04", "in-space-servicing"),
    ("lunar-landers", "Lunar landers", "月着陸機", "tx09", "lunar-exploration"),
    ("lunar-rovers", "Lunar rovers and surface mobility", "月面ローバー・移動技術", "tx04", "lunar-exploration"),
    ("isru", "In-situ resource utilisation (ISRU)", "現地資源利用（ISRU）", "tx07", "lunar-exploration"),
    ("habitats-life-support", "Habitats and life support", "居住・生命維持", "tx06", "lunar-exploration"),
    ("star-trackers", "Star trackers and attitude sensors", "スタートラッカ・姿勢センサ", "tx17", "components"),
    ("reaction-wheels", "Reaction wheels and actuators", "リアクションホイール・アクチュエータ", "tx17", "components"),
    ("avionics", "On-board computers and avionics", "搭載計算機・アビオニクス", "tx02", "components"),
    ("rad-hard-electronics", "Radiation-hardened electronics", "耐放射線電子部品", "tx02", "components"),
    ("solar-power", "Solar arrays and power systems", "太陽電池パドル・電源系", "tx03", "components"),
    ("batteries", "Space-qualified batteries", "宇宙用バッテリー", "tx03", "components"),
    ("thermal-control", "Thermal control hardware", "熱制御機器", "tx14", "components"),
    ("composite-structures", "Composite structures and deployables", "複合材構造・展開構造物", "tx12", "components"),
    ("precision-manufacturing", "Precision machining and volume production", "精密加工・量産", "tx12", "components"),
    ("smallsat-bus", "Small satellite buses", "小型衛星バス", "tx15", "components"),
    ("environmental-testing", "Environmental testing (vibration, thermal vacuum)", "環境試験（振動・熱真空）", "tx13", "ground-segment"),
    ("onboard-autonomy", "On-board autonomy and AI", "機上自律・AI", "tx10", "space-data"),
    ("simulation", "Simulation and digital twins", "シミュレーション・デジタルツイン", "tx11", "space-data"),
    ("pnt", "Positioning, navigation and timing (PNT)", "測位・航法・時刻（PNT）", "tx17", "space-data"),
    ("weather-climate-data", "Weather and climate data from space", "宇宙からの気象・気候データ", "tx08", "space-data"),
    ("maritime-awareness", "Maritime domain awareness", "海洋状況把握", "tx11", "space-data"),
    ("agri-insurance-analytics", "Agriculture and insurance analytics", "農業・保険向け解析", "tx11", "space-data"),
    ("disaster-monitoring", "Disaster monitoring and response", "災害監視・対応", "tx11", "space-data"),
    ("systems-integration", "Systems integration and prime contracting", "システムインテグレーション・プライム契約", "tx15", None),
    ("export-compliance", "Export-control and compliance support", "輸出管理・コンプライアンス支援", None, None),
    ("us-market-access", "Access to U.S. government and commercial customers", "米国の政府・民間顧客へのアクセス", None, None),
    ("japan-market-access", "Access to Japanese government and corporate customers", "日本の政府・企業顧客へのアクセス", None, None),
    ("sales-distribution", "Sales and distribution partnerships", "販売・流通パートナーシップ", None, None),
    ("investment", "Investment and co-funding", "出資・共同ファンディング", None, None),
]

STANDARDS = [
    ("jaxa-jerg", "JAXA JERG standards", "JAXA JERG 規格"),
    ("nasa-std", "NASA technical standards (NASA-STD)", "NASA 技術標準（NASA-STD）"),
    ("mil-std", "MIL-STD (U.S. military standards)", "MIL-STD（米軍規格）"),
    ("ecss", "ECSS (European space standards)", "ECSS（欧州宇宙標準）"),
    ("iso-24113", "ISO 24113 (space debris mitigation)", "ISO 24113（スペースデブリ低減）"),
    ("as9100", "AS9100 / JIS Q 9100 (aerospace quality)", "AS9100 / JIS Q 9100（航空宇宙品質）"),
    ("iso-9001", "ISO 9001 (quality management)", "ISO 9001（品質マネジメント）"),
    ("iso-27001", "ISO/IEC 27001 (information security)", "ISO/IEC 27001（情報セキュリティ）"),
    ("nist-800-171", "NIST SP 800-171 / CMMC (controlled unclassified information)", "NIST SP 800-171 / CMMC（管理対象非機密情報）"),
    ("ccsds", "CCSDS (space data and communications)", "CCSDS（宇宙データ・通信）"),
]

# code, kind, English statement, Japanese statement, short English, short Japanese
READINESS_ITEMS = [
    (
        "market-research",
        "market",
        "We have researched the space industry of our target market (the U.S. or Japan).",
        "進出先（米国または日本）の宇宙産業について市場調査を行っている。",
        "Market research",
        "市場調査",
    ),
    (
        "export-offering",
        "market",
        "We have identified the products or services we could sell in that market.",
        "その市場で販売できる製品・サービスを特定している。",
        "Offering identified",
        "製品・サービスの特定",
    ),
    (
        "customers",
        "market",
        "We know our potential customers there and how they buy (procurement, decision makers).",
        "現地の潜在顧客と、その調達方法（調達制度・意思決定者）を把握している。",
        "Customers known",
        "顧客の把握",
    ),
    (
        "sales-partners",
        "market",
        "We have relationships with local sales or distribution partners.",
        "現地の販売・流通パートナーとの関係を構築している。",
        "Sales partners",
        "販売パートナー",
    ),
    (
        "engineering-partners",
        "market",
        "We have relationships with local engineering partners.",
        "現地の技術パートナーとの関係を構築している。",
        "Engineering partners",
        "技術パートナー",
    ),
    (
        "legal-partners",
        "market",
        "We have relationships with local legal and regulatory advisers.",
        "現地の法務・規制アドバイザーとの関係を構築している。",
        "Legal partners",
        "法務パートナー",
    ),
    (
        "human-resources",
        "resources",
        "We have the people to carry out a market entry (staff, language skills, management time).",
        "市場参入を実行する人材（人員・語学力・経営陣の時間）がある。",
        "People",
        "人的資源",
    ),
    (
        "legal-resources",
        "resources",
        "We have the legal and compliance capacity it needs (export control, contracts, IP).",
        "必要な法務・コンプライアンス対応力（輸出管理・契約・知的財産）がある。",
        "Legal capacity",
        "法務対応力",
    ),
    (
        "financial-resources",
        "resources",
        "We have the financial resources to fund a market entry.",
        "市場参入に必要な資金がある。",
        "Funding",
        "資金",
    ),
]


def load(apps, schema_editor):
    Segment = apps.get_model("companies", "Segment")
    TechnologyArea = apps.get_model("companies", "TechnologyArea")
    CapabilityTag = apps.get_model("companies", "CapabilityTag")
    Standard = apps.get_model("companies", "Standard")
    ReadinessItem = apps.get_model("companies", "ReadinessItem")

    def upsert(model, rows):
        for position, (code, name_en, name_ja) in enumerate(rows):
            model.objects.update_or_create(
                code=code, defaults={"name_en": name_en, "name_ja": name_ja, "position": position}
            )

    upsert(Segment, SEGMENTS)
    upsert(TechnologyArea, TECHNOLOGY_AREAS)
    upsert(Standard, STANDARDS)
    segments = {segment.code: segment for segment in Segment.objects.all()}
    areas = {area.code: area for area in TechnologyArea.objects.all()}
    for position, (code, name_en, name_ja, area, segment) in enumerate(CAPABILITIES):
        CapabilityTag.objects.update_or_create(
            code=code,
            defaults={
                "name_en": name_en,
                "name_ja": name_ja,
                "position": position,
                "technology_area": areas.get(area),
                "segment": segments.get(segment),
            },
        )
    for position, (code, kind, text_en, text_ja, short_en, short_ja) in enumerate(READINESS_ITEMS):
        ReadinessItem.objects.update_or_create(
            code=code,
            defaults={
                "kind": kind,
                "text_en": text_en,
                "text_ja": text_ja,
                "short_en": short_en,
                "short_ja": short_ja,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
