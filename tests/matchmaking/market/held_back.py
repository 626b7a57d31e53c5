"""The held-back half of the labelled market: written apart from the tuning half, in other
words, and never looked at while the engine's weights were chosen. Its figures are the
ones that predict how suggestions do on profiles nobody has seen."""

from .builders import company, pair

PAIRS = [
    pair(
        company(
            "",
            "sar-imagery",
            "We insure offshore wind farms and price storm risk per turbine.",
            "All-weather radar looks at our assets after every typhoon.",
        ),
        company(
            "sar-imagery",
            "agri-insurance-analytics",
            "当社のレーダー衛星は雲や夜間に関係なく地表を撮影できます。",
            "画像を保険の査定に役立ててくれる損害保険関連の企業と組みたいです。",
        ),
        us_rivals=[
            company(
                "",
                "sar-imagery",
                "Property insurance for coastal homes in Florida.",
                "Radar satellite pictures after hurricanes.",
            )
        ],
    ),
    pair(
        company(
            "",
            "",
            "Our free-flying capsule grows fibre optics and crystals in microgravity and brings them home.",
            "A reentry heat shield and parachute supplier; also a Japanese pharma customer.",
        ),
        company(
            "",
            "",
            "再突入カプセル用の耐熱材（アブレータ）を開発しています。",
            "宇宙から地球へ物を持ち帰る事業者に採用してほしい。",
        ),
        jp_rivals=[company("", "", "耐熱材料と断熱材のメーカーです。", "新しい用途。")],
    ),
    pair(
        company(
            "weather-climate-data",
            "",
            "Space weather forecasts for airlines and power grid operators.",
            "Particle and magnetometer sensors we can fly as hosted payloads.",
        ),
        company(
            "",
            "",
            "小型の放射線検出器と磁気センサを製造しています。",
            "宇宙天気の観測に使ってくれる海外企業を探しています。",
        ),
    ),
    pair(
        company(
            "optical-comms",
            "",
            "Quantum key distribution from orbit for banks and governments.",
            "An optical ground station in Asia with a large telescope.",
        ),
        company(
            "ground-stations",
            "",
            "口径1mの望遠鏡を備えた光地上局を運用しています。",
            "光通信や量子暗号の衛星と接続したい。",
        ),
        us_rivals=[
            company("optical-comms", "", "Entanglement-based quantum links via satellite.", "Partners in Europe.")
        ],
    ),
    pair(
        company(
            "debris-removal",
            "",
            "A drag sail that pulls dead cubesats out of orbit within two years.",
            "Cubesat builders who must meet deorbit rules.",
        ),
        company(
            "smallsat-bus",
            "",
            "大学発の超小型衛星メーカー。年間10機を製造。",
            "運用終了後に衛星を確実に軌道から離脱させる装置が必要です。",
        ),
        us_rivals=[
            company("debris-removal", "", "Deorbit kits using an electrodynamic tether.", "Satellite operators.")
        ],
        jp_rivals=[company("smallsat-bus", "", "キューブサット用の部品を販売。", "")],
    ),
    pair(
        company(
            "satellite-iot",
            "",
            "Buoys and tags that report ocean temperature and tuna catches over satellite.",
            "A cheaper satellite modem made in large numbers.",
        ),
        company(
            "satellite-iot",
            "",
            "衛星IoT向けの通信モジュールを低価格で大量生産しています。",
            "海洋や漁業でモジュールを使うお客様を求めています。",
        ),
    ),
    pair(
        company(
            "weather-climate-data",
            "hyperspectral-imaging",
            "We measure methane leaks for oil and gas operators and sell emissions reports.",
            "Spectrometer data fine enough to see plumes from single wells.",
        ),
        company(
            "hyperspectral-imaging",
            "",
            "温室効果ガスを観測する分光センサ衛星を開発中です。",
            "排出量データを買ってくれるエネルギー業界向けサービス企業。",
        ),
        us_rivals=[
            company("weather-climate-data", "", "Carbon credit verification for forests.", "Lidar biomass data.")
        ],
    ),
    pair(
        company(
            "launch-integration",
            "",
            "We run a spaceport on the Gulf coast and handle payload processing.",
            "Launch companies that want a second site, especially Japanese rocket makers.",
        ),
        company(
            "small-launch",
            "",
            "自社開発の小型ロケットで、年12回の打ち上げを目指しています。",
            "海外の射場から打ち上げる機会を探しています。",
        ),
        us_rivals=[company("launch-integration", "", "Spaceport services in Maine.", "Launch tenants.")],
    ),
    pair(
        company(
            "",
            "",
            "Zero-trust cybersecurity for satellite command links and ground networks.",
            "Japanese satellite operators worried about hijacked uplinks.",
        ),
        company(
            "mission-operations",
            "",
            "複数の通信衛星を運用しています。",
            "コマンド回線の暗号化など衛星のサイバーセキュリティ対策を強化したい。",
        ),
    ),
    pair(
        company(
            "pnt",
            "",
            "Chip-scale atomic clocks for timing when GPS is jammed.",
            "A maker of small satellites for a LEO timing constellation.",
        ),
        company(
            "smallsat-bus",
            "pnt",
            "測位衛星向けの小型バスを開発しています。",
            "衛星に搭載する高精度な原子時計を探しています。",
        ),
    ),
    pair(
        company(
            "rf-payloads",
            "",
            "Electronically steered flat antennas for ships and trucks.",
            "A high-volume electronics factory to build 50,000 units a year.",
        ),
        company(
            "precision-manufacturing",
            "",
            "通信機器の基板実装から組立まで、大量生産を請け負うEMS企業です。",
            "アンテナなど宇宙・通信分野の量産案件を受注したい。",
        ),
    ),
    pair(
        company(
            "habitats-life-support",
            "",
            "We design an inflatable habitat for the lunar surface.",
            "Radiation shielding materials and someone to test the habitat in a vacuum chamber.",
        ),
        company(
            "environmental-testing",
            "",
            "大型の真空チャンバーで宇宙環境試験を請け負っています。",
            "海外の居住モジュールや大型構造物の試験を受け入れたい。",
        ),
    ),
    pair(
        company(
            "image-analytics",
            "optical-imagery",
            "Counting trees and estimating forest carbon for offset buyers.",
            "Very-high-resolution optical pictures of Southeast Asian plantations.",
        ),
        company(
            "optical-imagery",
            "",
            "分解能50cmの光学衛星画像をアジア全域で提供しています。",
            "森林や環境分野で画像を活用するパートナー。",
        ),
        us_rivals=[
            company(
                "image-analytics", "", "Deforestation alerts for commodity buyers.", "Satellite pictures of the Amazon."
            )
        ],
    ),
    pair(
        company(
            "reaction-wheels",
            "",
            "Control moment gyros for agile imaging satellites.",
            "Precision bearings that last 15 years in vacuum.",
        ),
        company(
            "precision-manufacturing",
            "",
            "真空環境用の高精度ベアリングと固体潤滑の技術があります。",
            "姿勢制御機器メーカーへの供給。",
        ),
    ),
    pair(
        company(
            "us-market-access",
            "",
            "Former NASA program managers who help foreign firms win U.S. government contracts.",
            "Japanese space hardware companies with flight-proven products.",
        ),
        company(
            "star-trackers",
            "us-market-access",
            "軌道上実績のあるスタートラッカを製造しています。",
            "NASAや米国の政府調達に参入したいが、進め方が分かりません。",
        ),
        us_rivals=[company("us-market-access", "", "Washington consultancy for defence startups.", "")],
    ),
    pair(
        company(
            "image-analytics",
            "",
            "Software that turns satellite scenes into 3D city models for telecom planners.",
            "Stereo imagery of Japanese cities.",
        ),
        company(
            "optical-imagery",
            "",
            "ステレオ撮影が可能な光学衛星で国内の都市を定期的に撮像。",
            "3次元地図や通信エリア設計に画像を使う企業。",
        ),
    ),
    pair(
        company(
            "",
            "",
            "We fly protein crystal experiments for drug companies on the space station.",
            "Japanese pharmaceutical companies that want to run experiments in orbit.",
        ),
        company(
            "", "", "創薬研究を行う製薬会社の研究開発部門です。", "微小重力でのタンパク質結晶生成実験を試してみたい。"
        ),
    ),
    pair(
        company(
            "smallsat-bus",
            "",
            "We build 16U satellites and sell them turnkey.",
            "A camera for Earth imaging that fits a 16U.",
        ),
        company(
            "optical-imagery",
            "",
            "超小型衛星に搭載できる小型の望遠カメラを開発しています。",
            "カメラを採用してくれる衛星メーカー。",
        ),
        jp_rivals=[company("", "", "キューブサット向けの光学カメラ。", "衛星メーカーへの販売。")],
    ),
    pair(
        company(
            "conjunction-analysis",
            "",
            "Autonomous collision avoidance software that plans manoeuvres on board.",
            "Constellation operators in Japan.",
        ),
        company(
            "mission-operations",
            "",
            "50機規模の衛星群を運用しています。",
            "接近警報への対応を自動化する衝突回避の仕組みがほしい。",
        ),
    ),
    pair(
        company(
            "",
            "",
            "Wildfire detection from orbit with thermal infrared sensors; alerts in 10 minutes.",
            "A Japanese prefecture or forestry agency to pilot with us.",
        ),
        company(
            "",
            "",
            "山間部の自治体向けに防災システムを提供しています。",
            "林野火災を早く見つける衛星サービスを導入したい。",
        ),
    ),
    pair(
        company(
            "solar-power",
            "",
            "Perovskite solar cells for satellites at a fraction of the cost.",
            "Space qualification help and a flight opportunity.",
        ),
        company(
            "environmental-testing",
            "",
            "JAXAの技術実証プログラムの窓口業務と、宇宙用部品の認定試験を受託しています。",
            "新しい太陽電池や部品の軌道上実証を希望する企業。",
        ),
    ),
    pair(
        company(
            "",
            "lunar-landers",
            "Science instruments for lunar regolith analysis.",
            "A ride to the lunar surface in 2028.",
        ),
        company(
            "lunar-landers",
            "",
            "月着陸機を開発し、月面へのペイロード輸送サービスを販売しています。",
            "搭載する観測機器の顧客。",
        ),
        us_rivals=[company("", "lunar-landers", "Lunar seismometers.", "Lander space.")],
    ),
    pair(
        company(
            "",
            "",
            "A marketplace where buyers order satellite imagery from many providers through one API.",
            "More imagery suppliers, especially radar and hyperspectral from Japan.",
        ),
        company(
            "sar-imagery", "", "小型SAR衛星による観測データ。", "海外のデータ販売プラットフォームに画像を掲載したい。"
        ),
    ),
    pair(
        company(
            "",
            "",
            "Machine learning that predicts rice yields from satellite data for food traders.",
            "Ground truth from Japanese farms.",
        ),
        company(
            "",
            "",
            "全国の農家と契約し、圃場の生育データを収集しています。",
            "衛星データで収量を予測するサービスと連携したい。",
        ),
    ),
    pair(
        company(
            "chemical-propulsion",
            "",
            "A kick stage that delivers rideshare satellites to their exact orbit.",
            "Japanese satellites that need a custom orbit after a rideshare.",
        ),
        company(
            "",
            "",
            "地球観測衛星を開発するスタートアップです。",
            "相乗り打ち上げ後に目的の軌道まで運んでくれる軌道間輸送のサービスを探しています。",
        ),
    ),
    pair(
        company(
            "",
            "",
            "Ocean current and wave forecasts for shipping companies to save fuel.",
            "Satellite ocean data and a Japanese shipping line as a pilot customer.",
        ),
        company(
            "",
            "",
            "外航海運会社。自動車運搬船など100隻を運航しています。",
            "燃料を減らせる航路の最適化サービスを試したい。",
        ),
    ),
    pair(
        company(
            "",
            "",
            "A robotic arm that assembles large antennas in orbit.",
            "Japanese primes building the next geostationary comms satellites.",
        ),
        company(
            "systems-integration",
            "",
            "静止通信衛星のシステム設計と製造を手掛けています。",
            "軌道上で大型アンテナを組み立てる技術に関心があります。",
        ),
    ),
    pair(
        company(
            "batteries",
            "",
            "Solid-state batteries for spacecraft and lunar rovers.",
            "A rover developer to fly our pack.",
        ),
        company(
            "lunar-rovers",
            "batteries",
            "月面ローバーを開発しています。",
            "月の夜を越せる高エネルギー密度の電池が必要です。",
        ),
    ),
    pair(
        company(
            "",
            "",
            "Hosted payload slots on our geostationary satellites for government sensors.",
            "Sensor builders with a payload to fly, in Japan too.",
        ),
        company(
            "", "", "防災用の赤外線センサを開発しました。", "静止軌道でセンサを相乗りで運用できる機会を探しています。"
        ),
    ),
    pair(
        company(
            "geospatial-ai",
            "",
            "Detecting illegal fishing by fusing ship transponder data with radar.",
            "A Japanese fisheries agency customer and local partner.",
        ),
        company(
            "maritime-awareness",
            "",
            "水産庁や漁業団体向けに海洋監視サービスを提供。",
            "違法操業を見つけるための海外の解析技術。",
        ),
    ),
]

DISTRACTORS = [
    company("", "", "Space law firm: launch licences, spectrum filings and contracts.", ""),
    company("", "", "宇宙関連の翻訳・通訳サービス。", ""),
    company("japan-market-access us-market-access", "", "Bilingual consultants for U.S.–Japan joint ventures.", ""),
    company("", "", "A staffing agency placing aerospace engineers.", "Clients in aerospace."),
    company("", "", "宇宙ビジネスのイベント運営会社です。", "出展企業。"),
    company("", "", "Co-working space next to a spaceport.", "Tenants."),
    company("", "", "衛星データを使ったスマート農業アプリの開発。", "農家のユーザー。"),
    company("", "", "Freight forwarding for satellites and hazardous goods to launch sites.", ""),
    company("us-market-access", "", "Trade mission organiser for U.S.–Japan business delegations.", ""),
    company("japan-market-access", "", "東京の法律事務所です。外資系企業の日本進出を支援します。", ""),
    company("sales-distribution japan-market-access", "", "宇宙機器の輸入商社。", "新しい取扱商品。"),
    company(
        "investment", "japan-market-access", "Corporate venture arm of a U.S. aerospace prime.", "Japanese startups."
    ),
    company("investment", "", "宇宙スタートアップに出資する地方銀行系ファンド。", ""),
    company("", "investment", "", "We are raising a Series A."),
    company("", "investment", "", "資金調達を検討中です。"),
    company("", "us-market-access", "", "アメリカで販売したい。"),
    company("", "japan-market-access", "", "Customers in Japan for our software."),
    company("sales-distribution", "", "Reseller of test and measurement equipment.", ""),
    company("", "optical-imagery", "", "Satellite photos for a real-estate app."),
    company("", "sar-imagery", "", "レーダー画像でインフラの変位を監視したい。"),
    company("", "ground-stations", "", "地上局の利用枠を探しています。"),
    company("ground-stations", "", "Antenna sites in Alaska and Chile for polar passes.", ""),
    company("", "smallsat-bus", "", "A satellite platform for our sensor."),
    company("image-analytics", "", "Crop analytics for farmers in Brazil.", ""),
    company("export-compliance", "", "Export-control training for universities.", ""),
    company(
        "systems-integration",
        "japan-market-access",
        "Defence prime for missile warning satellites.",
        "Japanese suppliers.",
        export="itar",
    ),
    company("", "", "Space-themed restaurant in Houston.", "Sponsors."),
    company("", "", "宇宙をテーマにした教育イベントを開催しています。", "協賛企業。"),
]
