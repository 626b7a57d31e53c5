"""The tuning half of the labelled market: the engine's weights were chosen looking at these."""

from .builders import company, pair

PAIRS = [
    pair(
        company(
            "image-analytics maritime-awareness",
            "sar-imagery",
            "Dark-vessel detection and fishing-fleet analytics for coast guards and fisheries agencies.",
            "Radar satellite scenes over the western Pacific several times a day, at night and through cloud.",
            trl=7,
            export="ear99",
        ),
        company(
            "sar-imagery",
            "",
            "100kg級の小型SAR衛星を運用し、夜間や悪天候でも撮像できるレーダー画像を販売しています。",
            "撮像したSAR画像から船舶を検出できる解析企業と組みたい。",
            trl=8,
        ),
        us_rivals=[
            company(
                "image-analytics",
                "sar-imagery",
                "Vessel tracking analytics that flag ships switching off AIS.",
                "Buying SAR data for maritime customers in the Gulf of Mexico.",
            )
        ],
        jp_rivals=[
            company(
                "sar-imagery",
                "us-market-access",
                "Xバンド合成開口レーダー衛星の観測データを提供。",
                "米国の政府顧客への販路。",
            )
        ],
    ),
    pair(
        company(
            "satellite-iot",
            "ground-stations",
            "Asset tracking for shipping containers and livestock through our own 12 IoT satellites.",
            "Ground station passes over Asia so we can bring down sensor data with less latency.",
        ),
        company(
            "ground-stations",
            "satellite-iot",
            "北海道と沖縄に地上局を保有し、時間単位でアンテナを貸し出しています。",
            "地上局を使ってくれるIoT衛星事業者、特に米国の事業者を探しています。",
        ),
        us_rivals=[
            company(
                "satellite-iot",
                "ground-stations",
                "Satellite modems and an IoT network for pipelines and remote meters.",
                "More downlink capacity in the southern hemisphere.",
            )
        ],
        jp_rivals=[
            company(
                "ground-stations",
                "investment",
                "全国の受信局ネットワークでテレメトリ受信を代行します。",
                "設備投資のための資金調達。",
            )
        ],
    ),
    pair(
        company(
            "small-launch",
            "composite-structures precision-manufacturing",
            "Dedicated launch of 300 kg to sun-synchronous orbit from our own pad.",
            "A supplier of carbon-fibre fairings and interstage parts built at volume.",
            trl=8,
            export="itar",
        ),
        company(
            "composite-structures precision-manufacturing",
            "us-market-access",
            "炭素繊維複合材のフェアリングや段間部を量産しています。航空機部品で培った品質管理。",
            "米国のロケット事業者への販路を開拓したい。",
            trl=9,
        ),
        us_rivals=[
            company(
                "small-launch",
                "composite-structures",
                "Small rocket that flies cubesats to polar orbit every month.",
                "Composite tank and fairing suppliers.",
                export="itar",
            )
        ],
        jp_rivals=[
            company("composite-structures", "us-market-access", "CFRP構造体の設計と製造。", "米国市場への参入。")
        ],
    ),
    pair(
        company(
            "electric-propulsion",
            "smallsat-bus",
            "Hall-effect thrusters for orbit raising and station keeping of 100-500 kg spacecraft.",
            "A small satellite bus maker who will integrate our thruster and fly it.",
            trl=7,
            export="ear",
        ),
        company(
            "smallsat-bus",
            "electric-propulsion",
            "50kg〜200kg級の衛星バスを設計・製造しています。",
            "軌道維持のための電気推進系（ホールスラスタ）を米国から調達したい。",
        ),
        us_rivals=[
            company(
                "electric-propulsion",
                "smallsat-bus",
                "Gridded ion engines for constellation operators.",
                "Spacecraft integrators to buy engines at volume.",
            )
        ],
        jp_rivals=[
            company(
                "smallsat-bus", "launch-integration", "超小型衛星の筐体と電源系を一括で提供。", "相乗り打ち上げの手配。"
            )
        ],
    ),
    pair(
        company(
            "life-extension rendezvous-docking",
            "space-robotics",
            "A servicing vehicle that docks with ageing geostationary satellites and keeps them in service.",
            "A dexterous robotic arm to grab clients that were never designed to be captured.",
            trl=6,
            export="itar",
        ),
        company(
            "space-robotics",
            "",
            "宇宙用ロボットアームとエンドエフェクタを開発しています。ISSでの実証実績あり。",
            "アームを搭載してくれる軌道上サービス事業者を探しています。",
            trl=7,
        ),
        us_rivals=[
            company(
                "life-extension",
                "space-robotics",
                "Mission extension pods that attach to satellites running low on fuel.",
                "Manipulators for pod installation.",
            )
        ],
        jp_rivals=[
            company("space-robotics", "investment", "遠隔操作ロボットとマニピュレータ技術。", "事業拡大のための出資。")
        ],
    ),
    pair(
        company(
            "debris-tracking conjunction-analysis",
            "surveillance-sensors",
            "A catalogue of resident space objects and collision warnings for satellite operators.",
            "More optical telescopes in Asia to track objects in GEO.",
        ),
        company(
            "surveillance-sensors",
            "",
            "国内の光学望遠鏡ネットワークで静止軌道の物体を観測しています。",
            "観測データを買ってくれる宇宙状況把握の事業者と提携したい。",
        ),
        us_rivals=[
            company(
                "conjunction-analysis",
                "surveillance-sensors",
                "Collision avoidance service for constellation operators.",
                "Radar tracking data from new sites.",
            )
        ],
        jp_rivals=[
            company("surveillance-sensors", "japan-market-access", "宇宙監視レーダーの製造。", "防衛省以外の顧客。")
        ],
    ),
    pair(
        company(
            "lunar-landers",
            "lunar-rovers",
            "Commercial lunar delivery: our lander puts 200 kg on the surface near the south pole.",
            "Small rovers to ride our lander and explore the landing site.",
            trl=6,
            export="itar",
        ),
        company(
            "lunar-rovers",
            "lunar-landers",
            "月面を走行する小型ローバーを開発。車輪と走行系に強み。",
            "月面まで運んでくれる着陸機の搭載枠を探しています。",
            trl=5,
        ),
        us_rivals=[
            company(
                "lunar-landers",
                "lunar-rovers",
                "Lander missions to the Moon every year from 2027.",
                "Payload customers for the surface.",
            )
        ],
        jp_rivals=[company("lunar-rovers", "lunar-landers", "変形型の超小型探査ロボット。", "月への輸送手段。")],
    ),
    pair(
        company(
            "isru",
            "lunar-rovers",
            "Regolith processing to extract oxygen and water on the Moon.",
            "A mobility platform to carry our excavation payload across the surface.",
        ),
        company(
            "lunar-rovers",
            "isru",
            "月面で掘削や資源探査ができる中型ローバーを開発中。",
            "ローバーに載せるレゴリス処理や水資源抽出の技術パートナー。",
        ),
        us_rivals=[
            company(
                "isru", "lunar-landers", "Water ice prospecting instruments for the lunar south pole.", "A lander ride."
            )
        ],
    ),
    pair(
        company(
            "optical-comms",
            "smallsat-bus",
            "Compact laser terminals that move 10 Gbps between satellites.",
            "Satellite makers to fly our terminal on a demo mission.",
            export="ear",
        ),
        company(
            "smallsat-bus",
            "optical-comms",
            "地球観測用の小型衛星バスを量産しています。",
            "大容量データを送るための光通信端末を探しています。",
        ),
        us_rivals=[
            company(
                "optical-comms",
                "smallsat-bus",
                "Free-space optical crosslinks for constellations.",
                "Spacecraft integrators.",
            )
        ],
        jp_rivals=[company("optical-comms", "us-market-access", "光衛星間通信システムの開発。", "米国での販売。")],
    ),
    pair(
        company(
            "agri-insurance-analytics",
            "optical-imagery hyperspectral-imaging",
            "Parametric crop insurance priced from satellite data for farmers in Asia.",
            "Frequent multispectral scenes over rice paddies, ideally with more spectral bands.",
        ),
        company(
            "hyperspectral-imaging optical-imagery",
            "",
            "ハイパースペクトルカメラを搭載した小型衛星で、作物の生育状況を観測します。",
            "農業保険や金融に衛星データを使う顧客を探しています。",
        ),
        us_rivals=[
            company(
                "agri-insurance-analytics",
                "optical-imagery",
                "Yield forecasts for commodity traders.",
                "Optical imagery over the U.S. Midwest.",
            )
        ],
        jp_rivals=[
            company("optical-imagery", "us-market-access", "高分解能光学衛星の画像販売。", "米国での販売代理店。")
        ],
    ),
    pair(
        company(
            "star-trackers reaction-wheels",
            "precision-manufacturing",
            "Attitude control kits for cubesats: star trackers, wheels and magnetorquers.",
            "A machine shop to make our wheel housings and flywheels in thousands.",
            export="ear99",
        ),
        company(
            "precision-manufacturing",
            "",
            "宇宙用の精密切削部品を月産数千個の体制で製造しています。",
            "量産部品を発注してくれる米国の宇宙機器メーカー。",
        ),
        us_rivals=[
            company(
                "reaction-wheels",
                "precision-manufacturing",
                "Reaction wheels for small satellites.",
                "Contract manufacturers for rotor parts.",
            )
        ],
        jp_rivals=[
            company("precision-manufacturing", "us-market-access", "航空機エンジン部品の精密加工。", "米国の顧客開拓。")
        ],
    ),
    pair(
        company(
            "environmental-testing",
            "japan-market-access",
            "Vibration, shock and thermal vacuum test campaigns for spacecraft up to 2 tonnes.",
            "Japanese satellite builders who want to test in the U.S. before launch.",
        ),
        company(
            "smallsat-bus",
            "environmental-testing",
            "小型衛星の開発・製造。",
            "米国の射場に近い試験施設で振動試験と熱真空試験を受けたい。",
        ),
        us_rivals=[company("environmental-testing", "", "Thermal vacuum chambers for rent in Colorado.", "")],
    ),
    pair(
        company(
            "rad-hard-electronics avionics",
            "",
            "Radiation-hardened flight computers and FPGAs for deep-space missions.",
            "Distribution in Japan; we have no presence there yet.",
            export="itar",
        ),
        company(
            "sales-distribution japan-market-access",
            "",
            "宇宙用電子部品の輸入販売商社です。国内の衛星メーカーに販路があります。",
            "海外の宇宙用電子部品メーカーの代理店になりたい。",
        ),
        us_rivals=[
            company(
                "rad-hard-electronics",
                "japan-market-access",
                "Rad-tolerant power converters.",
                "Japanese customers.",
                export="ear",
            )
        ],
    ),
    pair(
        company(
            "mission-operations",
            "ground-stations",
            "Cloud software that schedules passes and runs fleets of satellites.",
            "Antenna partners in Asia to add to our network.",
        ),
        company(
            "ground-stations",
            "mission-operations",
            "沖縄の地上局を運用しています。",
            "複数の衛星運用を自動化する管制ソフトウェアを導入したい。",
        ),
    ),
    pair(
        company(
            "pnt",
            "japan-market-access",
            "Centimetre positioning for self-driving cars that combines GNSS and LEO signals.",
            "Japanese carmakers and a path to QZSS correction data.",
        ),
        company(
            "pnt",
            "us-market-access",
            "準天頂衛星みちびきの補強信号を使った高精度測位サービス。",
            "米国の自動運転企業と連携したい。",
        ),
    ),
    pair(
        company(
            "weather-climate-data",
            "rf-payloads",
            "Radio occultation weather data sold to forecasters and airlines.",
            "GNSS radio-occultation receivers built at volume.",
        ),
        company("rf-payloads", "", "GNSS電波掩蔽観測用の受信機を開発・量産。", "気象データ事業者への受信機の供給。"),
    ),
    pair(
        company(
            "disaster-monitoring",
            "sar-imagery",
            "Flood and earthquake damage maps for insurers within hours of an event.",
            "Radar data that sees through cloud during typhoons.",
        ),
        company(
            "sar-imagery",
            "disaster-monitoring",
            "SAR衛星コンステレーションで災害時の緊急観測を行います。",
            "被害状況を地図にできる解析パートナー。",
        ),
    ),
    pair(
        company(
            "green-propellant",
            "smallsat-bus",
            "Non-toxic propulsion modules that replace hydrazine on small spacecraft.",
            "Bus makers who want to stop handling hydrazine.",
        ),
        company(
            "smallsat-bus",
            "green-propellant chemical-propulsion",
            "超小型衛星バスの製造。",
            "ヒドラジンを使わない安全な推進系を搭載したい。",
        ),
    ),
    pair(
        company(
            "habitats-life-support",
            "precision-manufacturing",
            "Closed-loop life support for commercial space stations.",
            "Valves, pumps and precision fluid components.",
        ),
        company(
            "precision-manufacturing",
            "habitats-life-support",
            "高精度のバルブや流体部品を製造しています。",
            "宇宙ステーションの生命維持系で使われる部品の開発に参加したい。",
        ),
    ),
    pair(
        company(
            "launch-integration",
            "smallsat-bus",
            "We book rideshare slots and integrate small satellites on Falcon 9.",
            "Satellite makers who need a ride to orbit.",
        ),
        company(
            "smallsat-bus",
            "launch-integration",
            "6Uキューブサットの開発。",
            "打ち上げ枠の確保と打ち上げまでの手続きを任せたい。",
        ),
    ),
    pair(
        company(
            "solar-power",
            "composite-structures",
            "Roll-out solar arrays for high-power spacecraft.",
            "Deployable booms and lightweight composite structures.",
        ),
        company(
            "composite-structures",
            "solar-power",
            "伸展ブームと膜構造を開発しています。",
            "ブームを使う展開型太陽電池の開発パートナー。",
        ),
    ),
    pair(
        company(
            "onboard-autonomy",
            "optical-imagery",
            "Edge AI that picks the useful frames on board before downlink.",
            "Earth-observation operators who drown in data they cannot downlink.",
        ),
        company(
            "optical-imagery",
            "onboard-autonomy",
            "光学地球観測衛星を運用。",
            "衛星上で画像を選別するAI処理を導入し、ダウンリンク量を減らしたい。",
        ),
    ),
    pair(
        company(
            "export-compliance",
            "japan-market-access",
            "ITAR and EAR classification, licences and technology control plans for space firms.",
            "Japanese companies entering the U.S. market.",
        ),
        company(
            "japan-market-access",
            "export-compliance",
            "国内の宇宙関連企業です。",
            "米国企業と取引するための輸出管理とITAR対応の支援が必要です。",
        ),
    ),
    pair(
        company(
            "batteries",
            "japan-market-access",
            "Space-qualified lithium-ion battery packs.",
            "Cell supply from a Japanese maker.",
        ),
        company(
            "batteries",
            "",
            "車載用で実績のあるリチウムイオン電池セルを製造。",
            "宇宙用バッテリーを作る海外メーカーへのセル供給。",
        ),
    ),
    pair(
        company(
            "thermal-control",
            "precision-manufacturing",
            "Loop heat pipes and deployable radiators.",
            "Brazing and machining partners.",
        ),
        company(
            "precision-manufacturing",
            "thermal-control",
            "ろう付けと精密加工が得意な町工場です。",
            "ヒートパイプなど熱制御機器の製造を受託したい。",
        ),
    ),
    pair(
        company(
            "geospatial-ai",
            "optical-imagery",
            "AI that fuses imagery and AIS to map supply chains.",
            "Daily optical coverage of ports in Asia.",
        ),
        company(
            "optical-imagery",
            "",
            "毎日アジアの港湾を撮像できる光学衛星群を運用。",
            "画像をAIで解析して付加価値をつける企業と提携したい。",
        ),
    ),
    pair(
        company(
            "simulation",
            "japan-market-access",
            "Digital twins of constellations for mission design and operations rehearsal.",
            "JAXA programmes and Japanese primes as customers.",
        ),
        company(
            "systems-integration",
            "simulation",
            "衛星システムのプライム企業。",
            "コンステレーション設計のためのシミュレーションツールを導入したい。",
        ),
    ),
    pair(
        company(
            "debris-removal",
            "investment",
            "Active removal of defunct upper stages with a capture net.",
            "A strategic investor with launch experience.",
        ),
        company(
            "investment",
            "debris-removal",
            "宇宙分野に投資するコーポレートベンチャーキャピタル。",
            "スペースデブリ除去の技術を持つスタートアップへの出資。",
        ),
    ),
    pair(
        company(
            "chemical-propulsion",
            "precision-manufacturing",
            "3D-printed liquid rocket engines.",
            "Injector and turbopump parts machined to tight tolerances.",
            export="itar",
        ),
        company(
            "precision-manufacturing",
            "chemical-propulsion",
            "ターボポンプやインジェクタの精密加工。",
            "ロケットエンジンメーカーからの受注。",
        ),
    ),
    pair(
        company(
            "leo-broadband",
            "japan-market-access",
            "Low-latency satellite broadband for ships and remote islands.",
            "A Japanese telecom operator to resell our service.",
        ),
        company(
            "sales-distribution",
            "leo-broadband",
            "離島や船舶向けに通信サービスを提供する通信事業者。",
            "低軌道衛星ブロードバンドを自社サービスとして再販したい。",
        ),
    ),
]

DISTRACTORS = [
    company(
        "us-market-access sales-distribution",
        "",
        "We help foreign companies sell to U.S. customers: market research, introductions and trade shows.",
        "",
    ),
    company(
        "japan-market-access sales-distribution", "", "日本市場への参入支援。通訳、翻訳、展示会出展のお手伝い。", ""
    ),
    company(
        "us-market-access japan-market-access",
        "investment",
        "Business travel and delegations between Tokyo and Washington.",
        "Funding.",
    ),
    company("investment", "", "Seed-stage venture fund for space and climate startups.", ""),
    company(
        "sales-distribution",
        "japan-market-access",
        "Distribution of industrial parts across Asia.",
        "More Japanese brands to carry.",
    ),
    company("", "sar-imagery", "", "We need radar imagery to monitor subsidence along railways."),
    company("", "ground-stations", "", "Downlink capacity for our hyperspectral satellite."),
    company("", "precision-manufacturing", "", "A machine shop for brackets and housings."),
    company("systems-integration", "", "Prime contractor for national security satellites.", "", export="itar"),
    company("", "us-market-access", "", "米国市場に進出したい。"),
    company("", "us-market-access", "", "米国での顧客開拓と販売代理店。"),
    company("investment", "us-market-access", "宇宙ベンチャーへの出資を行う事業会社。", "米国の投資先。"),
    company("image-analytics", "", "Analytics for retail footfall from phone data and imagery.", ""),
    company("small-launch", "", "Suborbital sounding rockets for research payloads.", "", export="itar"),
    company("", "smallsat-bus", "", "衛星バスを調達したい大学の研究室。"),
]
