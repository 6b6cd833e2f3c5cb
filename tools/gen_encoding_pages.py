#!/usr/bin/env python3
"""Generate tests/data/encodings/: pages in legacy encodings for test_decode.

For each encoding, four pages carry the same natural text in a language
that encoding is used for:

  NAME.meta.html        declared by <meta charset=...>
  NAME.http-equiv.html  declared by <meta http-equiv="Content-Type" ...>
  NAME.transport.html   declared by nothing; the test passes the label
                        as the transport (HTTP) charset
  NAME.undeclared.html  declared by nothing: detection must find it
                        (UTF-16 pages carry a byte order mark instead,
                        the only way an undeclared UTF-16 page is read)

Beside each page, NAME.VARIANT.expected is the page as UTF-8, which is what
the decoder must return, byte for byte. manifest.tsv lists every page with
the transport label to pass ("-" for none) and the encoding name the
decoder must report.

UTF-16 pages cannot be declared by <meta>: the prescan reads bytes as
ASCII, and in UTF-16 every ASCII letter is followed or preceded by a NUL.
So their meta and http-equiv pages begin, without a byte order mark, with
an XML declaration, whose UTF-16 form the prescan recognises (HTML
13.2.3.2); the <meta> inside is there as a real page would have it.

Run from the repository root:  python3 tools/gen_encoding_pages.py
Python's codecs encode the pages; the texts below are the sources.
"""

import os

OUT = os.path.join("tests", "data", "encodings")

FRENCH_GERMAN = """\
La ville se réveille lentement. Sur la place du marché, les commerçants \
déballent leurs cageots de légumes, de fruits et de fleurs, tandis que \
l’odeur du pain chaud s’échappe de la boulangerie voisine. Un vieux \
monsieur, fidèle à ses habitudes, s’installe à la terrasse du café et \
commande un crème avec deux croissants. « Comme d’habitude ? » demande la \
serveuse en souriant.

Cette année, la fête du village aura lieu le premier week-end de juin. Le \
comité prévoit un concert en plein air, un bal populaire et une course de \
garçons de café à travers les ruelles. L’entrée est gratuite, mais la \
tombola coûte 2 € le billet ; les bénéfices serviront à rénover le toit de \
l’église, abîmé par la tempête de l’hiver dernier.

Pour beaucoup d’habitants, ces rendez-vous sont l’occasion de retrouver des \
amis perdus de vue, d’échanger des nouvelles et de goûter les spécialités \
régionales : tarte aux pommes, fromages affinés, œufs en meurette et vin de \
pays. Les enfants, eux, attendent surtout le feu d’artifice qui clôture la \
soirée au-dessus de la rivière.

Im Herbst färben sich die Wälder rund um den kleinen Ort in leuchtendes \
Gelb und Rot. Wanderer aus der ganzen Gegend kommen dann, um die frische \
Luft zu genießen und in den gemütlichen Gasthäusern einzukehren. „Hier \
schmeckt der Apfelstrudel noch wie bei Großmutter“, sagt eine Besucherin, \
während draußen die Blätter über die Straße wehen."""

TURKISH = """\
İstanbul’un eski mahallelerinde sabahlar her zaman aynı sesle başlar: \
simitçinin çağrısı, martıların çığlıkları ve vapurların uzun düdükleri. Dar \
sokaklarda yürürken ahşap evlerin cumbalarından sarkan çiçekler, taş \
duvarların arasından gökyüzüne doğru uzanır.

Pazartesi günü belediye, şehrin tarihi çarşısında büyük bir restorasyon \
çalışması başlatacağını açıkladı. Yetkililer, çalışmaların yaklaşık iki yıl \
süreceğini ve esnafın bu süre boyunca geçici dükkânlarda hizmet vermeye \
devam edeceğini söyledi. Çarşının yüzyıllardır değişmeyen kubbeleri ve \
çeşmeleri titizlikle onarılacak.

Öğleden sonra çay bahçeleri dolmaya başlar. İnsanlar ince belli bardaklarda \
demli çaylarını yudumlarken tavla oynar, gazete okur ya da sadece denizi \
seyreder. Akşamüstü güneş batarken Boğaz’ın iki yakası turuncu bir ışığa \
bürünür ve şehir yeniden kalabalıklaşır."""

CZECH_POLISH = """\
Praha je v létě plná turistů, kteří se procházejí po Karlově mostě a \
obdivují sochy světců, jež most zdobí už několik století. Z Pražského \
hradu je krásný výhled na červené střechy Malé Strany a na řeku Vltavu, po \
které pomalu plují výletní lodě.

Místní obyvatelé však dávají přednost klidnějším čtvrtím. V Holešovicích se \
ze starých továren staly galerie, kavárny a malá divadla, kde se večer \
hrají představení pro několik desítek diváků. Ceny jsou tu nižší než v \
centru a atmosféra je přátelská a neformální.

Na podzim se město mění. Parky se zbarví do žluta, na trzích se prodává \
burčák a pečené kaštany a lidé se vracejí z chalup na venkově. Dlouhé \
večery tráví v hospodách u sklenice piva, kde se debatuje o politice, \
fotbale i o tom, jaká bude letošní zima.

W Krakowie jesień jest wyjątkowo piękna. Na Plantach liście szeleszczą pod \
stopami spacerowiczów, a z kawiarni na Rynku Głównym dochodzi zapach \
świeżo parzonej kawy i gorącej szarlotki. Studenci śpieszą się na zajęcia, \
turyści robią zdjęcia Sukiennic, a hejnał z wieży Mariackiej rozbrzmiewa co \
godzinę."""

RUSSIAN = """\
Москва встречает весну шумно и торопливо. С крыш капает талая вода, по \
улицам бегут ручьи, а на бульварах появляются первые продавцы цветов с \
охапками мимозы и тюльпанов. Прохожие расстёгивают пальто и подставляют \
лица неяркому солнцу.

В небольшом книжном магазине на Арбате хозяйка каждое утро выставляет в \
витрину новые издания. Постоянные покупатели заходят сюда не только за \
книгами: здесь можно выпить чашку чая, поговорить о литературе и \
послушать, как кто-нибудь из гостей читает вслух стихи Пушкина или \
Цветаевой.

Вечером город зажигает огни. Театры и концертные залы заполняются \
зрителями, в ресторанах звучит живая музыка, а по набережной Москвы-реки \
неспешно гуляют пары. Кажется, что после долгой зимы все жители столицы \
одновременно решили выйти на улицу."""

JAPANESE = """\
東京の朝は早い。始発電車が動き出すころ、駅前のパン屋ではすでに焼きたてのパンが\
並び、コーヒーの香りが通りに広がっている。会社へ向かう人々は足早に改札を抜け、\
学生たちは友達と話しながら学校へ向かう。

週末になると、多くの家族が近くの公園へ出かける。春には桜が満開になり、木の下で\
お弁当を広げて花見を楽しむ人でいっぱいになる。子どもたちは芝生の上を走り回り、\
大人たちはのんびりと会話を楽しんでいる。

最近、地方の小さな町に移り住む若者が増えている。古い民家を改装してカフェや宿を\
開いたり、農業を始めたりする人も少なくない。地域の人々との交流を大切にしながら、\
新しい暮らし方を模索しているのだという。"""

CHINESE_SIMPLIFIED = """\
清晨的北京，胡同里已经热闹起来。卖豆浆油条的小摊前排起了长队，骑自行车的人们\
一边打招呼，一边匆匆赶去上班。老人们在公园里打太极拳，或者提着鸟笼聊天，享受\
一天中最安静的时光。

近年来，越来越多的年轻人选择离开大城市，回到家乡创业。他们利用互联网把当地的\
农产品卖到全国各地，也把新的想法带回了村庄。有人开起了民宿，有人办起了手工\
作坊，乡村的面貌正在悄悄发生变化。

到了周末，博物馆和图书馆里总是挤满了人。家长带着孩子参观展览，学生们在阅览室\
里安静地读书。城市的文化生活越来越丰富，人们也越来越重视精神上的享受。"""

CHINESE_TRADITIONAL = """\
台北的夜市是城市最有活力的地方。每到傍晚，街道兩旁的攤販陸續擺出桌椅，空氣中\
瀰漫著滷味、蚵仔煎和珍珠奶茶的香氣。遊客和當地居民擠在狹窄的走道上，一邊品嚐\
小吃，一邊逛著各式各樣的商店。

週末的時候，許多人喜歡到郊外爬山。陽明山上的步道四季風景不同，春天有盛開的\
櫻花和杜鵑，秋天則可以看到滿山的芒草。登上山頂，整個台北盆地盡收眼底，讓人忘記\
了平日工作的疲憊。

近年來，台灣的咖啡文化發展得非常迅速。在大街小巷裡，到處都能找到風格獨特的小\
咖啡館。店主們認真挑選咖啡豆，親手烘焙，也常常舉辦音樂表演和讀書會，讓咖啡館\
成為社區交流的空間。"""

KOREAN = """\
서울의 아침은 언제나 분주하다. 지하철역 입구에는 출근하는 사람들이 줄을 잇고, \
길가의 작은 가게에서는 김밥과 커피를 사려는 손님들로 붐빈다. 한강 위로 떠오르는 \
햇살이 고층 빌딩의 유리창에 반사되어 도시 전체를 환하게 비춘다.

주말이 되면 많은 사람들이 가족이나 친구와 함께 교외로 나들이를 간다. 봄에는 \
벚꽃 축제가 열리고, 가을에는 단풍을 보러 산을 찾는 등산객들로 전국의 유명한 산이 \
붐빈다. 산 정상에서 먹는 컵라면의 맛은 무엇과도 바꿀 수 없다고 한다.

최근에는 전통 시장을 찾는 젊은이들도 늘어나고 있다. 오래된 시장 골목에 새로운 \
감각의 음식점과 공방이 들어서면서, 옛것과 새것이 어우러진 독특한 분위기를 만들어 \
내고 있다. 상인들은 활기를 되찾은 시장을 보며 흐뭇한 미소를 짓는다."""

# UTF-16 can carry every script at once, and characters outside the BMP
# (surrogate pairs) too.
MULTILINGUAL = """\
Diese Seite ist in UTF-16 gespeichert, wie es manche Windows-Programme \
früher taten. Größe, Übermaß und Maßstab behalten ihre Umlaute.

Η Αθήνα είναι μία από τις αρχαιότερες πόλεις του κόσμου· η Ακρόπολη \
δεσπόζει πάνω από τη σύγχρονη πρωτεύουσα.

Санкт-Петербург называют северной столицей России.

京都には千年以上の歴史を持つ寺や神社が数多くある。

音乐符号 𝄞 与表情 😀 在 UTF-16 中由代理对表示。"""

# (file stem, Python codec, language, text, meta label, http-equiv label,
#  transport label, encoding name the decoder must report)
ENCODINGS = [
    ("windows-1252", "cp1252", "fr", FRENCH_GERMAN, "iso-8859-1", "windows-1252",
     "latin1", "windows-1252"),
    ("windows-1254", "cp1254", "tr", TURKISH, "windows-1254", "iso-8859-9",
     "ISO-8859-9", "windows-1254"),
    ("iso-8859-2", "iso8859_2", "cs", CZECH_POLISH, "iso-8859-2", "ISO-8859-2",
     "latin2", "ISO-8859-2"),
    ("koi8-r", "koi8_r", "ru", RUSSIAN, "koi8-r", "KOI8-R", "koi8-r", "KOI8-R"),
    ("shift_jis", "cp932", "ja", JAPANESE, "Shift_JIS", "shift_jis", "x-sjis",
     "Shift_JIS"),
    ("gb18030", "gb18030", "zh-CN", CHINESE_SIMPLIFIED, "gb18030", "GB18030",
     "gb18030", "gb18030"),
    ("big5", "big5", "zh-TW", CHINESE_TRADITIONAL, "big5", "Big5", "big5-hkscs",
     "Big5"),
    ("euc-kr", "euc_kr", "ko", KOREAN, "euc-kr", "EUC-KR", "ks_c_5601-1987",
     "EUC-KR"),
    ("utf-16le", "utf-16-le", "mul", MULTILINGUAL, "utf-16le", "utf-16le", "utf-16",
     "UTF-16LE"),
    ("utf-16be", "utf-16-be", "mul", MULTILINGUAL, "utf-16be", "utf-16be",
     "utf-16be", "UTF-16BE"),
]


def page(language, text, declaration, xml_declaration=False):
    # The first words of the text, cut at a space where the script has them.
    title = text[:32].rsplit(" ", 1)[0]
    paragraphs = "\n".join("<p>%s</p>" % p for p in text.split("\n\n"))
    head = '<?xml version="1.0" encoding="UTF-16"?>\n' if xml_declaration else ""
    return (
        head
        + "<!DOCTYPE html>\n"
        + '<html lang="%s">\n' % language
        + "<head>\n"
        + declaration
        + "<title>%s</title>\n" % title
        + "</head>\n<body>\n"
        + "<h1>%s</h1>\n" % title
        + paragraphs
        + "\n</body>\n</html>\n"
    )


def main():
    os.makedirs(OUT, exist_ok=True)
    manifest = ["# page\ttransport label (- for none)\tencoding the decoder reports"]
    for stem, codec, language, text, meta, http_equiv, transport, name in ENCODINGS:
        utf16 = name.startswith("UTF-16")
        variants = [
            ("meta", '<meta charset="%s">\n' % meta, "-"),
            ("http-equiv",
             '<meta http-equiv="Content-Type" content="text/html; charset=%s">\n'
             % http_equiv, "-"),
            ("transport", "", transport),
            ("undeclared", "", "-"),
        ]
        for variant, declaration, label in variants:
            xml = utf16 and variant in ("meta", "http-equiv")
            source = page(language, text, declaration, xml)
            data = source.encode(codec)
            if utf16 and variant == "undeclared":
                data = ("\ufeff".encode(codec)) + data
            if source.encode(codec).decode(codec) != source:
                raise SystemExit("%s does not round-trip through %s" % (stem, codec))
            base = os.path.join(OUT, "%s.%s" % (stem, variant))
            with open(base + ".html", "wb") as f:
                f.write(data)
            with open(base + ".expected", "wb") as f:
                f.write(source.encode("utf-8"))
            manifest.append("%s.%s.html\t%s\t%s" % (stem, variant, label, name))
    with open(os.path.join(OUT, "manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(manifest) + "\n")


if __name__ == "__main__":
    main()
