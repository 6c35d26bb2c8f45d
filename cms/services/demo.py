"""Demo information-centre content for the two khokimiyats of ``participation.services.demo``.

``demo_content_seed`` runs after ``demo_seed`` (which creates the territories, staff and
residents it looks up) and fills both districts with pages a visitor can browse: the region
and district khokimiyat pages, news, a decisions register, a catalogue of real public
services, service centres and residents' questions in every state.

Everything is looked up by slug (pages), title (documents, questions) or territory, so a
second run adds nothing. Pages that already exist are left as they are: staff may have
edited them in the admin, and a reseed must not undo that.

The content is illustrative: people's names, phone numbers, addresses, decision numbers and
fees are plausible inventions, not the real officials or the current tariff (fees follow the
pattern of state duties as shares of the base calculation amount, BHM = 412 000 soʻm), and the
my.gov.uz addresses show where a service would be applied for online, not real service pages.
Every district page says so in its summary.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from cms.models import (
    CentreKind,
    DecisionIndexPage,
    DecisionPage,
    DecisionStatus,
    HomePage,
    KhokimiyatPage,
    NewsIndexPage,
    NewsKind,
    NewsPage,
    ServiceCentreIndexPage,
    ServiceCentrePage,
    ServiceIndexPage,
    ServicePage,
)
from cms.services.access import khokimiyat_collection
from participation.models import Territory, TerritoryKind, User
from participation.services.demo import KHOKIMIYATS
from proposals.questions.models import Question, QuestionTopic
from proposals.questions.services import question_answer, question_ask, question_extend, question_moderate

DEMO_NOTE = "Namuna sahifa: ismlar, telefonlar va raqamlar shartli (demo maʼlumotlar)."

# --------------------------------------------------------------------------------------------
# Small builders for StreamField values
# --------------------------------------------------------------------------------------------


def _rich(*paragraphs: str) -> list[tuple[str, RichText]]:
    return [("paragraph", RichText("".join(f"<p>{text}</p>" for text in paragraphs)))]


def _hours(periods, exceptions=()) -> list[tuple[str, dict]]:
    """One OpeningHoursBlock value. ``periods``: (days "0".."6", opens, closes, note)."""
    return [
        (
            "hours",
            {
                "periods": [
                    {"days": list(days), "opens": dt.time(*opens), "closes": dt.time(*closes), "note": note}
                    for days, opens, closes, note in periods
                ],
                "exceptions": [
                    {"date": day, "closed": True, "opens": None, "closes": None, "note": note}
                    for day, note in exceptions
                ],
            },
        )
    ]


WORKDAYS = "01234"
OFFICE_HOURS = [(WORKDAYS, (9, 0), (18, 0), "Tushlik 13:00–14:00")]
CENTRE_HOURS = [(WORKDAYS, (9, 0), (18, 0), "Tushliksiz ishlaydi"), ("5", (9, 0), (13, 0), "")]
HOLIDAYS = [(dt.date(2026, 3, 21), "Navroʻz bayrami"), (dt.date(2026, 9, 1), "Mustaqillik kuni")]


PDF_ASCII = str.maketrans({"ʻ": "'", "ʼ": "'", "‘": "'", "’": "'", "–": "-", "—": "-", "“": '"', "”": '"'})


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a few lines of ASCII text: enough for a viewer to open it.

    Built by hand so the demo needs no PDF library; the cross-reference table carries the
    byte offset of every object, which is what makes the file valid rather than "repairable".
    """

    def escape(text: str) -> str:
        # The built-in Helvetica has no ʻ or ʼ: Uzbek apostrophes become ASCII ones, dashes
        # hyphens, and anything else outside ASCII a question mark rather than an error.
        text = text.translate(PDF_ASCII).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return text.encode("ascii", "replace").decode("ascii")

    text = " ".join(f"({escape(line)}) '" for line in lines)
    content = f"BT /F1 12 Tf 16 TL 56 790 Td {text} ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _read(storage, name: str) -> bytes:
    with storage.open(name) as stored:
        return stored.read()


def _document(title: str, filename: str, lines: list[str], territory: Territory):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        # The khokimiyat's own collection, where its editors find and replace its files.
        document = Document(title=title, collection=khokimiyat_collection(territory))
        data = _pdf(lines)
        storage = Document._meta.get_field("file").storage
        stored_name = f"documents/{filename}"  # Wagtail's upload_to for documents
        if storage.exists(stored_name) and _read(storage, stored_name) == data:
            # Same file left by an earlier seed of another database (`make run` after deleting
            # db.sqlite3, the test suite): reuse it instead of piling up renamed copies.
            document.file.name = stored_name
        else:
            document.file = ContentFile(data, name=filename)
        document._set_document_file_metadata()
        document.save()
    return document


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------


def _child(parent: Page, slug: str, build):
    """The child of ``parent`` with this slug; created from ``build()`` and published if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = build()
    page.slug = slug
    parent.add_child(instance=page)
    # A published revision, as if staff had pressed "Publish": the admin shows history.
    page.save_revision().publish()
    return page


def _home() -> HomePage:
    home = HomePage.objects.filter(locale=Locale.get_default()).first() or HomePage.objects.first()
    if home is None:
        raise RuntimeError("No home page: run `manage.py migrate` first (a migration creates it).")
    return home


def _khokimiyat(parent: Page, territory: Territory, slug: str, build) -> KhokimiyatPage:
    # A khokimiyat page is unique per territory and language, whatever its slug became.
    existing = KhokimiyatPage.objects.filter(territory=territory, locale_id=parent.locale_id).first()
    if existing is not None:
        return existing
    return _child(parent, slug, build)


# --------------------------------------------------------------------------------------------
# The content
# --------------------------------------------------------------------------------------------

REGIONS = {
    "UZ-NG": {
        "slug": "namangan-viloyati",
        "title": "Namangan viloyati hokimligi",
        "address": "Namangan shahri, Mustaqillik maydoni, 1-uy",
        "phone": "+998 69 000 10 00",
        "email": "info.namangan@demo.test",
    },
    "UZ-JI": {
        "slug": "jizzax-viloyati",
        "title": "Jizzax viloyati hokimligi",
        "address": "Jizzax shahri, Sharof Rashidov koʻchasi, 1-uy",
        "phone": "+998 72 000 10 00",
        "email": "info.jizzax@demo.test",
    },
}


@dataclass
class Centre:
    slug: str
    title: str
    kind: str
    territory: str  # "" for the district itself, else the mahalla's name
    address: str
    phone: str
    directions: str
    services: list[str]  # slugs; empty = every service in the catalogue
    features: list[str] = field(default_factory=list)
    accessibility_note: str = ""


@dataclass
class Decision:
    slug: str
    number: str
    date: dt.date
    title: str
    summary: list[str]
    changes: str = ""  # slug of the newer decision that amended or repealed this one
    status: str = DecisionStatus.IN_FORCE
    pdf: bool = False


@dataclass
class DemoQuestion:
    author: str
    topic: str
    title: str
    text: str
    # "answered", "overdue", "open" (published, not yet due), "extended" or "pending"
    state: str
    answer: str = ""


@dataclass
class District:
    territory: str
    region: str
    slug: str
    title: str
    address: str
    phone: str
    email: str
    directions: str
    leadership: list[tuple[str, str, str, str]]  # name, position, responsibilities, reception
    departments: list[tuple[str, str, str, str]]  # name, head, phone, room
    news: list[dict]
    decisions: list[Decision]
    centres: list[Centre]
    questions: list[DemoQuestion]


REGISTRATION_RULES = (
    "“Fuqarolarni doimiy va vaqtincha roʻyxatga olish tartibi toʻgʻrisida”gi Nizom (Vazirlar Mahkamasi qarori)"
)

# One catalogue for both districts: these services are national, only the centres differ.
SERVICES = [
    {
        "slug": "tugilishni-qayd-etish",
        "title": "Tugʻilishni qayd etish",
        "summary": "Bola tugʻilganini qayd etish va tugʻilganlik haqidagi guvohnomani olish. Bepul.",
        "description": (
            "Bolaning tugʻilishi fuqarolik holati dalolatnomalarini yozish (FHDYo) boʻlimida yoki "
            "tugʻruqxonaning oʻzida qayd etiladi. Ota-onaga tugʻilganlik haqidagi guvohnoma beriladi, "
            "bolaga shaxsiy identifikatsiya raqami (JShShIR) biriktiriladi va u ota-onasining yashash "
            "joyi boʻyicha roʻyxatga olinadi."
        ),
        "eligibility": (
            "Bolaning ota-onasi yoki ulardan biri; ular boʻlmaganda qarindoshi yoki tugʻruqxona "
            "vakili. Ariza bola tugʻilganidan keyin bir oy ichida beriladi."
        ),
        "documents": [
            ("Tugʻilganlik haqida tibbiy maʼlumotnoma", "Tugʻruqxona beradi, elektron shaklda ham boʻladi"),
            ("Ota-onaning pasporti yoki ID-kartasi", "Asl nusxa"),
            ("Nikoh haqidagi guvohnoma", "Ota-ona nikohda boʻlsa"),
        ],
        "fee": 0,
        "fee_note": "Davlat boji olinmaydi",
        "days": None,
        "legal": "“Fuqarolik holati dalolatnomalarini qayd etish toʻgʻrisida”gi Oʻzbekiston Respublikasi Qonuni",
        "online": "https://my.gov.uz/oz/service/tugilishni-qayd-etish",
    },
    {
        "slug": "nikohni-qayd-etish",
        "title": "Nikohni qayd etish",
        "summary": "FHDYo boʻlimida yoki nikoh uyida nikohni rasmiy qayd etish.",
        "description": (
            "Nikoh FHDYo boʻlimida yoki nikoh uyida tantanali ravishda qayd etiladi. Ariza berilgandan "
            "keyin odatda bir oy oʻtgach nikoh tuziladi; asosli sabab boʻlsa, bu muddat qisqartirilishi "
            "mumkin. Nikohdan oldin ikkala tomon bepul tibbiy koʻrikdan oʻtadi."
        ),
        "eligibility": "18 yoshga toʻlgan, nikohda boʻlmagan erkak va ayol. Ikkalasi ham shaxsan keladi.",
        "documents": [
            ("Ikkala tomonning pasporti yoki ID-kartasi", "Asl nusxa"),
            ("Nikohdan oldin tibbiy koʻrikdan oʻtganlik haqida maʼlumotnoma", "Oilaviy poliklinika beradi"),
            ("Nikohdan ajralish haqidagi guvohnoma", "Avval nikohda boʻlganlar uchun"),
            ("Davlat boji toʻlangani haqida kvitansiya", ""),
        ],
        "fee": 206_000,
        "fee_note": "Davlat boji; bank, Click yoki Payme orqali toʻlanadi",
        "days": 30,
        "legal": (
            "Oʻzbekiston Respublikasi Oila kodeksi; “Fuqarolik holati dalolatnomalarini qayd etish "
            "toʻgʻrisida”gi Qonun"
        ),
        "online": "https://my.gov.uz/oz/service/nikohni-qayd-etish",
    },
    {
        "slug": "olimni-qayd-etish",
        "title": "Oʻlimni qayd etish",
        "summary": "Vafotni qayd etish va oʻlim haqidagi guvohnomani olish. Bepul.",
        "description": (
            "Vafot etgan shaxsning oʻlimi FHDYo boʻlimida qayd etilib, oʻlim haqidagi guvohnoma "
            "beriladi. Guvohnoma meros, pensiya va dafn nafaqasini rasmiylashtirish uchun kerak boʻladi."
        ),
        "eligibility": (
            "Marhumning qarindoshlari, qoʻshnilari yoki u yashagan uy, davolangan muassasa vakili. "
            "Ariza vafotdan keyin uch kun ichida beriladi."
        ),
        "documents": [
            ("Oʻlim haqida tibbiy maʼlumotnoma", "Shifoxona yoki oilaviy poliklinika beradi"),
            ("Marhumning pasporti yoki ID-kartasi", "Topshiriladi"),
            ("Ariza beruvchining pasporti yoki ID-kartasi", ""),
        ],
        "fee": 0,
        "fee_note": "Bepul",
        "days": None,
        "legal": "“Fuqarolik holati dalolatnomalarini qayd etish toʻgʻrisida”gi Oʻzbekiston Respublikasi Qonuni",
        "online": "",
    },
    {
        "slug": "doimiy-propiska",
        "title": "Doimiy yashash joyi boʻyicha roʻyxatga olish (propiska)",
        "summary": "Yangi manzilda doimiy roʻyxatga turish; eski manzildan roʻyxatdan chiqarish avtomatik.",
        "description": (
            "Fuqaroni yangi yashash joyi boʻyicha doimiy roʻyxatga qoʻyish. Ariza Davlat xizmatlari "
            "markazida yoki my.gov.uz orqali beriladi va ichki ishlar organi tomonidan koʻrib chiqiladi. "
            "Oldingi manzildan roʻyxatdan chiqarish alohida ariza talab qilmaydi."
        ),
        "eligibility": (
            "Oʻzbekiston Respublikasi fuqarolari va yashash guvohnomasi bor shaxslar; uy egasi "
            "boshqa shaxs boʻlsa, uning roziligi bilan."
        ),
        "documents": [
            ("Pasport yoki ID-karta", ""),
            ("Uy-joyga mulk huquqini tasdiqlovchi hujjat yoki ijara shartnomasi", "Kadastr koʻchirmasi ham boʻladi"),
            ("Uy egasining roziligi", "Markazda shaxsan yoki notarial tasdiqlangan"),
            ("Davlat boji toʻlangani haqida kvitansiya", ""),
        ],
        "fee": 41_200,
        "fee_note": "Davlat boji",
        "days": 5,
        "legal": REGISTRATION_RULES,
        "online": "https://my.gov.uz/oz/service/doimiy-propiska",
    },
    {
        "slug": "vaqtincha-propiska",
        "title": "Vaqtincha roʻyxatga olish",
        "summary": "Ijarada yoki qarindoshlarnikida yashayotganda vaqtincha roʻyxatga turish.",
        "description": (
            "Boshqa tuman yoki viloyatdan kelib, ijara uyda yoki qarindoshlarnikida yashayotgan fuqaroni "
            "vaqtincha roʻyxatga qoʻyish. Roʻyxat muddati uy egasi bilan kelishuvga qarab belgilanadi "
            "va my.gov.uz orqali uzaytiriladi."
        ),
        "eligibility": "Doimiy yashash joyidan tashqarida yashayotgan Oʻzbekiston Respublikasi fuqarolari.",
        "documents": [
            ("Pasport yoki ID-karta", ""),
            ("Uy egasining roziligi", "Markazda shaxsan yoki elektron tasdiq orqali"),
            ("Ijara shartnomasi", "Uy ijaraga olingan boʻlsa"),
        ],
        "fee": 0,
        "fee_note": "Bepul",
        "days": 1,
        "legal": REGISTRATION_RULES,
        "online": "https://my.gov.uz/oz/service/vaqtincha-propiska",
    },
    {
        "slug": "kadastr-kochirmasi",
        "title": "Koʻchmas mulk boʻyicha kadastr koʻchirmasi",
        "summary": "Uy, kvartira yoki yer uchastkasiga huquq qayd etilgani haqida reyestrdan koʻchirma.",
        "description": (
            "Uy, kvartira yoki yer uchastkasiga boʻlgan huquq davlat roʻyxatidan oʻtkazilganini "
            "tasdiqlovchi koʻchirma. Mulkni sotish, hadya qilish, garovga qoʻyish, meros va propiska "
            "uchun soʻraladi. Elektron koʻchirma QR-kod bilan tekshiriladi."
        ),
        "eligibility": "Mulk egasi yoki uning ishonchnomasi bor vakili.",
        "documents": [
            ("Pasport yoki ID-karta", ""),
            ("Ishonchnoma", "Vakil murojaat qilsa"),
            ("Kadastr raqami", "Maʼlum boʻlsa; manzil boʻyicha ham topiladi"),
        ],
        "fee": 82_400,
        "fee_note": "Xizmat haqi",
        "days": 1,
        "legal": "“Davlat kadastrlari toʻgʻrisida”gi Oʻzbekiston Respublikasi Qonuni",
        "online": "https://my.gov.uz/oz/service/kadastr-kochirmasi",
    },
    {
        "slug": "id-karta",
        "title": "Biometrik ID-karta olish yoki almashtirish",
        "summary": "ID-kartani birinchi marta olish, muddati tugaganda yoki yoʻqolganda almashtirish.",
        "description": (
            "Oʻzbekiston fuqarosining identifikatsiyalovchi ID-kartasini rasmiylashtirish. Ariza "
            "Davlat xizmatlari markazida qabul qilinadi; surat va barmoq izlari joyida olinadi. "
            "Tayyor kartani arizada koʻrsatilgan markazdan olasiz."
        ),
        "eligibility": "16 yoshga toʻlgan Oʻzbekiston fuqarolari; 16 yoshgacha bolalarga ota-onasining arizasi bilan.",
        "documents": [
            ("Tugʻilganlik haqidagi guvohnoma", "Birinchi marta olishda"),
            ("Eski pasport yoki ID-karta", "Almashtirishda"),
            ("Davlat boji toʻlangani haqida kvitansiya", ""),
        ],
        "fee": 103_000,
        "fee_note": "Davlat boji",
        "days": 10,
        "legal": (
            "“Identifikatsiyalovchi ID-kartalarni joriy etish toʻgʻrisida”gi Oʻzbekiston Respublikasi "
            "Prezidenti qarori"
        ),
        "online": "",
    },
    {
        "slug": "bolalar-nafaqasi",
        "title": "Kam taʼminlangan oilalarga bolalar nafaqasi",
        "summary": "18 yoshgacha farzandi bor kam taʼminlangan oilalarga har oylik nafaqa. Bepul.",
        "description": (
            "18 yoshga toʻlmagan farzandi bor kam taʼminlangan oilalarga har oy toʻlanadigan nafaqa. "
            "Oila daromadi “Ijtimoiy himoya yagona reyestri” orqali tekshiriladi; tayinlangan nafaqa "
            "bank kartasiga oʻtkaziladi. Mahalla yettiligi ariza toʻldirishga yordam beradi."
        ),
        "eligibility": (
            "Oila aʼzolarining oʻrtacha oylik daromadi belgilangan mezondan past boʻlgan va 18 yoshgacha "
            "farzandi bor oilalar."
        ),
        "documents": [
            ("Ariza beruvchining pasporti yoki ID-kartasi", ""),
            ("Bolalarning tugʻilganlik haqidagi guvohnomalari", ""),
            ("Bank kartasi raqami", "Nafaqa shu kartaga tushadi"),
        ],
        "fee": 0,
        "fee_note": "Bepul",
        "days": 10,
        "legal": "“Kam taʼminlangan oilalarga ijtimoiy nafaqa tayinlash va toʻlash tartibi toʻgʻrisida”gi Nizom",
        "online": "https://my.gov.uz/oz/service/bolalar-nafaqasi",
    },
    {
        "slug": "qurilish-ruxsatnomasi",
        "title": "Yakka tartibdagi uy-joy qurilishiga ruxsatnoma",
        "summary": "Oʻz yer uchastkangizda uy qurish yoki uyni qayta qurish uchun ruxsatnoma.",
        "description": (
            "Oʻz yer uchastkasida yangi uy qurish yoki mavjud uyni rekonstruksiya qilish uchun ruxsatnoma. "
            "Ariza bilan birga arxitektura-rejalashtirish topshirigʻi beriladi; qurilish ruxsatnoma "
            "olingandan keyingina boshlanadi."
        ),
        "eligibility": "Yer uchastkasiga huquqi davlat roʻyxatidan oʻtkazilgan jismoniy shaxslar.",
        "documents": [
            ("Pasport yoki ID-karta", ""),
            ("Yer uchastkasiga huquqni tasdiqlovchi hujjat", "Kadastr koʻchirmasi"),
            ("Uy loyihasi yoki eskizi", "Namunaviy loyihadan foydalanish mumkin"),
        ],
        "fee": 0,
        "fee_note": "Ruxsatnoma bepul; loyiha tayyorlash alohida",
        "days": 15,
        "legal": "Oʻzbekiston Respublikasi Shaharsozlik kodeksi",
        "online": "https://my.gov.uz/oz/service/qurilish-ruxsatnomasi",
    },
    {
        "slug": "yer-uchastkasi-auksion",
        "title": "Yer uchastkasini elektron onlayn auksion orqali olish",
        "summary": "Uy-joy, tadbirkorlik yoki dehqonchilik uchun yer faqat onlayn auksionda ajratiladi.",
        "description": (
            "Yakka tartibdagi uy-joy qurilishi, tadbirkorlik yoki dehqonchilik uchun boʻsh yer "
            "uchastkalari elektron onlayn auksion orqali ajratiladi. Lotlar, boshlangʻich narx va "
            "savdo sanasi e-auksion.uz saytida eʼlon qilinadi."
        ),
        "eligibility": "18 yoshga toʻlgan fuqarolar va yuridik shaxslar; zakalat puli oldindan toʻlanadi.",
        "documents": [
            ("Auksion ishtirokchisi sifatida roʻyxatdan oʻtish", "OneID orqali"),
            ("Zakalat toʻlangani haqida hujjat", ""),
        ],
        "fee": 0,
        "fee_note": "Yer narxi auksionda aniqlanadi; zakalat alohida toʻlanadi",
        "days": None,
        "legal": "Oʻzbekiston Respublikasi Yer kodeksi",
        "online": "https://e-auksion.uz/",
    },
    {
        "slug": "yakka-tartibdagi-tadbirkor",
        "title": "Yakka tartibdagi tadbirkor sifatida roʻyxatdan oʻtish",
        "summary": "Oʻz biznesingizni ochish: roʻyxatdan oʻtish va soliq hisobiga qoʻyilish bir vaqtda.",
        "description": (
            "Jismoniy shaxsni yakka tartibdagi tadbirkor sifatida davlat roʻyxatidan oʻtkazish. "
            "Roʻyxatdan oʻtish bilan birga soliq organida hisobga qoʻyiladi; guvohnoma elektron "
            "shaklda beriladi."
        ),
        "eligibility": "18 yoshga toʻlgan Oʻzbekiston Respublikasi fuqarolari.",
        "documents": [
            ("Pasport yoki ID-karta", ""),
            ("Faoliyat turi va soliq rejimi", "Ariza shaklida koʻrsatiladi"),
            ("Davlat boji toʻlangani haqida kvitansiya", ""),
        ],
        "fee": 41_200,
        "fee_note": "Davlat boji",
        "days": 1,
        "legal": "“Tadbirkorlik subyektlarini davlat roʻyxatidan oʻtkazish tartibi toʻgʻrisida”gi Nizom",
        "online": "https://my.gov.uz/oz/service/yakka-tartibdagi-tadbirkor",
    },
    {
        "slug": "yosh-boyicha-pensiya",
        "title": "Yosh boʻyicha pensiya tayinlash",
        "summary": "Pensiya yoshiga yetgan va yetarli ish staji bor fuqarolarga pensiya tayinlash.",
        "description": (
            "Ish staji va ish haqi maʼlumotlari elektron bazadan olinadi, shuning uchun koʻp hollarda "
            "hujjat yigʻish shart emas. Bazada yetishmagan yillar boʻlsa, arxiv maʼlumotnomasi soʻraladi."
        ),
        "eligibility": "Erkaklar 60 yoshdan (kamida 25 yil staj), ayollar 55 yoshdan (kamida 20 yil staj).",
        "documents": [
            ("Pasport yoki ID-karta", ""),
            ("Mehnat daftarchasi", "Elektron bazada boʻlmagan yillar uchun"),
            ("Ish haqi toʻgʻrisida arxiv maʼlumotnomasi", "Zarur boʻlsa"),
        ],
        "fee": 0,
        "fee_note": "Bepul",
        "days": 10,
        "legal": "“Fuqarolarning davlat pensiya taʼminoti toʻgʻrisida”gi Oʻzbekiston Respublikasi Qonuni",
        "online": "https://my.gov.uz/oz/service/yosh-boyicha-pensiya",
    },
    {
        "slug": "yashash-joyi-malumotnomasi",
        "title": "Yashash joyi toʻgʻrisida mahalla maʼlumotnomasi",
        "summary": "Mahallada yashashingizni tasdiqlovchi maʼlumotnoma. Bepul, shu kunning oʻzida.",
        "description": (
            "Fuqaroning mahalla hududida yashashini tasdiqlovchi maʼlumotnoma. Bank, maktab, bogʻcha "
            "yoki ijtimoiy yordam uchun soʻraladi; koʻp tashkilotlar elektron maʼlumotnomani qabul qiladi."
        ),
        "eligibility": "Mahalla hududida yashaydigan har bir fuqaro.",
        "documents": [("Pasport yoki ID-karta", "")],
        "fee": 0,
        "fee_note": "Bepul",
        "days": None,
        "legal": "“Fuqarolarning oʻzini oʻzi boshqarish organlari toʻgʻrisida”gi Oʻzbekiston Respublikasi Qonuni",
        "online": "https://my.gov.uz/oz/service/yashash-joyi-malumotnomasi",
    },
    {
        "slug": "bogcha-navbati",
        "title": "Bolani davlat bogʻchasiga navbatga qoʻyish",
        "summary": "Davlat maktabgacha taʼlim tashkilotiga elektron navbatga yozilish. Bepul.",
        "description": (
            "Bolani davlat bogʻchasiga qabul qilish uchun elektron navbatga yozish. Navbat raqami va "
            "holati onlayn kuzatiladi; joy boʻshaganda ota-onaga SMS yuboriladi."
        ),
        "eligibility": "3 yoshdan 7 yoshgacha boʻlgan bolalarning ota-onasi yoki vasiysi.",
        "documents": [
            ("Bolaning tugʻilganlik haqidagi guvohnomasi", ""),
            ("Ota yoki onaning pasporti yoki ID-kartasi", ""),
            ("Imtiyozni tasdiqlovchi hujjat", "Koʻp bolali oila, nogironligi boʻlgan ota-ona va boshqalar uchun"),
        ],
        "fee": 0,
        "fee_note": "Navbatga qoʻyish bepul; bogʻcha toʻlovi alohida",
        "days": 1,
        "legal": "“Maktabgacha taʼlim va tarbiya toʻgʻrisida”gi Oʻzbekiston Respublikasi Qonuni",
        "online": "https://my.gov.uz/oz/service/bogcha-navbati",
    },
]

DISTRICTS = [
    District(
        territory="Yangiqoʻrgʻon tumani",
        region="UZ-NG",
        slug="yangiqorgon-tumani",
        title="Yangiqoʻrgʻon tumani hokimligi",
        address="Namangan viloyati, Yangiqoʻrgʻon shaharchasi, Mustaqillik koʻchasi, 12-uy",
        phone="+998 69 000 21 00",
        email="devonxona.yangiqorgon@demo.test",
        directions=(
            "Namangan shahridan Yangiqoʻrgʻonga yoʻnalishli taksi va avtobuslar qatnaydi. Hokimlik "
            "binosi markaziy bozordan 300 metr shimolda, “Yangiqoʻrgʻon” bekatida tushing."
        ),
        leadership=[
            ("Rustam Qodirov", "Tuman hokimi", "Hokimlik faoliyatiga umumiy rahbarlik.", "Seshanba, 10:00–13:00"),
            (
                "Farhod Nazarov",
                "Hokimning birinchi oʻrinbosari",
                "Qishloq va suv xoʻjaligi, obodonlashtirish masalalari.",
                "Chorshanba, 10:00–12:00",
            ),
            (
                "Shahnoza Ergasheva",
                "Hokim oʻrinbosari, oila va xotin-qizlar masalalari boʻyicha",
                "Xotin-qizlar faolligini oshirish, ijtimoiy himoya.",
                "Payshanba, 14:00–16:00",
            ),
            (
                "Jasur Mirzayev",
                "Hokim oʻrinbosari, investitsiyalar va tadbirkorlik boʻyicha",
                "Investitsiya loyihalari, tadbirkorlikni qoʻllab-quvvatlash.",
                "Juma, 10:00–12:00",
            ),
        ],
        departments=[
            ("Moliya boʻlimi", "Dilshod Usmonov", "+998 69 000 21 10", "204"),
            ("Qurilish boʻlimi", "Bahodir Yoʻldoshev", "+998 69 000 21 20", "112"),
            ("Maktabgacha va maktab taʼlimi boʻlimi", "Nodira Hasanova", "+998 69 000 21 30", "208"),
            ("Ijtimoiy himoya boʻlimi", "Zarina Oʻrinova", "+998 69 000 21 40", "105"),
            ("Murojaatlar bilan ishlash sektori", "Sanjar Qosimov", "+998 69 000 21 50", "101"),
        ],
        news=[
            {
                "slug": "navbahorda-ichimlik-suvi-quvurlari-yangilanmoqda",
                "title": "Navbahor mahallasida ichimlik suvi quvurlari yangilanmoqda",
                "date": dt.date(2026, 10, 14),
                "kind": NewsKind.NEWS,
                "tags": ["ichimlik suvi", "Navbahor"],
                "summary": "3,2 km eskirgan quvur almashtirilmoqda; ishlar noyabr oxirida tugaydi.",
                "body": [
                    "Navbahor mahallasida 1970-yillarda yotqizilgan 3,2 kilometr ichimlik suvi quvuri "
                    "yangisiga almashtirilmoqda. Ishlar tuman budjeti hisobidan moliyalashtirilmoqda.",
                    "Ishlar olib borilayotgan koʻchalarda suv kunduzi 10:00 dan 16:00 gacha oʻchirilishi "
                    "mumkin. Aholidan oldindan suv zaxirasini qilib qoʻyish soʻraladi.",
                ],
            },
            {
                "slug": "bogbon-mahallasida-ichki-yol-asfaltlandi",
                "title": "Bogʻbon mahallasidagi ichki yoʻl asfaltlandi",
                "date": dt.date(2026, 9, 22),
                "kind": NewsKind.NEWS,
                "tags": ["yoʻllar", "tashabbusli budjet"],
                "summary": "Tashabbusli budjet gʻolibi boʻlgan loyiha: 1,4 km ichki yoʻl.",
                "body": [
                    "Tashabbusli budjetning bahorgi mavsumida aholi ovozi bilan gʻolib boʻlgan loyiha "
                    "yakunlandi: Bogʻbon mahallasidagi 1,4 kilometr ichki yoʻl asfaltlandi.",
                    "Yoʻl boʻyida piyodalar yoʻlakchasi va 18 ta yoritish ustuni oʻrnatildi.",
                ],
            },
            {
                "slug": "sayyor-qabul-jadvali-noyabr",
                "title": "Noyabr oyida hokimning sayyor qabullari jadvali",
                "date": dt.date(2026, 11, 2),
                "kind": NewsKind.ANNOUNCEMENT,
                "tags": ["eʼlon", "sayyor qabul"],
                "summary": "Hokim har payshanba mahallalarda fuqarolarni qabul qiladi.",
                "body": [
                    "Tuman hokimi noyabr oyida har payshanba soat 10:00 dan mahalla fuqarolar yigʻinlari "
                    "binosida fuqarolarni qabul qiladi: 5-noyabr — Navbahor, 12-noyabr — Istiqlol, "
                    "19-noyabr — Bogʻbon mahallasi.",
                    "Oldindan yozilish shart emas; pasport yoki ID-kartani olib keling.",
                ],
            },
            {
                "slug": "tashabbusli-budjet-takliflar-qabuli",
                "title": "Tashabbusli budjet: loyiha takliflari qabul qilinmoqda",
                "date": dt.date(2026, 11, 16),
                "kind": NewsKind.ANNOUNCEMENT,
                "tags": ["eʼlon", "tashabbusli budjet"],
                "summary": "Mahallangiz uchun loyiha taklif qiling: yoʻl, suv, bogʻcha, maktab.",
                "body": [
                    "Tashabbusli budjetning navbatdagi mavsumi uchun loyiha takliflari qabul qilinmoqda. "
                    "Ichki yoʻllar, ichimlik suvi, maktab va bogʻchalar, sport maydonchalari boʻyicha "
                    "takliflar kutiladi.",
                    "Taklif tayyorlashda mahalla raisi va hokimlikning investitsiyalar boʻlimi yordam beradi.",
                ],
            },
            {
                "slug": "istiqlol-mahallasida-yangi-bogcha",
                "title": "Istiqlol mahallasida 120 oʻrinli bogʻcha ochildi",
                "date": dt.date(2026, 9, 1),
                "kind": NewsKind.NEWS,
                "tags": ["taʼlim"],
                "summary": "Navbatda turgan 120 nafar bola bogʻchaga qabul qilindi.",
                "body": [
                    "Istiqlol mahallasida davlat-xususiy sheriklik asosida qurilgan 120 oʻrinli bogʻcha "
                    "foydalanishga topshirildi. Elektron navbatda turgan bolalar navbat tartibida qabul qilindi.",
                ],
            },
        ],
        decisions=[
            Decision(
                slug="214-q",
                number="214-q",
                date=dt.date(2026, 10, 5),
                title="Dehqon bozorlarining ish vaqti toʻgʻrisidagi qarorga oʻzgartirish kiritish haqida",
                summary=["Qishki mavsumda (1-noyabrdan 1-martgacha) bozorlar 07:00 dan 17:00 gacha ishlaydi."],
                pdf=True,
            ),
            Decision(
                slug="87-q",
                number="87-q",
                date=dt.date(2026, 4, 14),
                title="Tumandagi dehqon bozorlarining ish vaqti toʻgʻrisida",
                summary=["Dehqon bozorlari har kuni 06:00 dan 19:00 gacha ishlaydi; dushanba — sanitariya kuni."],
                status=DecisionStatus.AMENDED,
                changes="214-q",
            ),
            Decision(
                slug="156-q",
                number="156-q",
                date=dt.date(2026, 7, 20),
                title="Obodonlashtirish ishlarini muvofiqlashtiruvchi ishchi guruh tuzish toʻgʻrisida",
                summary=[
                    "Mahallalarda obodonlashtirish ishlarini muvofiqlashtirish uchun hokimning birinchi "
                    "oʻrinbosari boshchiligida ishchi guruh tuziladi; guruh har oy hisobot beradi."
                ],
            ),
            Decision(
                slug="41-q",
                number="41-q",
                date=dt.date(2025, 2, 11),
                title="Obodonlashtirish boʻyicha tuman shtabini tuzish toʻgʻrisida",
                summary=["Tuman obodonlashtirish shtabi tuziladi va uning nizomi tasdiqlanadi."],
                status=DecisionStatus.REPEALED,
                changes="156-q",
            ),
        ],
        centres=[
            Centre(
                slug="yangiqorgon-dxm",
                title="Yangiqoʻrgʻon tumani Davlat xizmatlari markazi",
                kind=CentreKind.PUBLIC_SERVICE_CENTRE,
                territory="",
                address="Yangiqoʻrgʻon shaharchasi, Mustaqillik koʻchasi, 8-uy",
                phone="+998 69 000 22 00",
                directions="Hokimlik binosining yonida, bir qavatli bino. Avtomobil toʻxtash joyi bor.",
                services=[],
                features=["step_free_entrance", "accessible_toilet", "elderly_help"],
                accessibility_note=(
                    "Kirishda pandus, nogironlar aravachasi uchun hojatxona; keksalarga navbatsiz xizmat."
                ),
            ),
            Centre(
                slug="navbahor-mahalla-zonasi",
                title="Navbahor mahallasi oʻz-oʻziga xizmat koʻrsatish zonasi",
                kind=CentreKind.MAHALLA_ZONE,
                territory="Navbahor",
                address="Navbahor mahallasi, Bogʻishamol koʻchasi, 3-uy (mahalla binosi)",
                phone="+998 69 000 22 10",
                directions="Mahalla fuqarolar yigʻini binosining birinchi qavati.",
                services=[
                    "kadastr-kochirmasi",
                    "yashash-joyi-malumotnomasi",
                    "bogcha-navbati",
                    "bolalar-nafaqasi",
                    "vaqtincha-propiska",
                ],
                features=[],
                accessibility_note="Kirishda uchta zina bor, pandus yoʻq. Terminal va kompyuter bitta xonada.",
            ),
        ],
        questions=[
            DemoQuestion(
                author="dilnoza@demo.test",
                topic=QuestionTopic.WATER,
                title="Navbahor mahallasida kechqurun suv kelmayapti",
                text=(
                    "Assalomu alaykum. Bir oydan beri Navbahor mahallasining Bogʻishamol koʻchasida "
                    "soat 18:00 dan keyin vodoprovodda suv boʻlmayapti. Bu qachon tuzatiladi?"
                ),
                state="answered",
                answer=(
                    "Murojaatingiz uchun rahmat. Mahallada eski quvurlar almashtirilayotgani sababli "
                    "kechki bosim pasaygan; yangi quvur ulangach bosim tiklanadi. Shu vaqtgacha har kuni "
                    "19:00–21:00 da suv tashuvchi mashina Bogʻishamol koʻchasiga keladi."
                ),
            ),
            DemoQuestion(
                author="akmal@demo.test",
                topic=QuestionTopic.ROADS,
                title="Bogʻbon mahallasidagi ariq ustidagi koʻprik qachon taʼmirlanadi?",
                text=(
                    "Bogʻbon mahallasida ariq ustidagi piyodalar koʻprigining taxtalari chirigan. "
                    "Bolalar shu koʻprik orqali maktabga boradi. Taʼmirlash rejada bormi?"
                ),
                state="overdue",
            ),
            DemoQuestion(
                author="dilnoza@demo.test",
                topic=QuestionTopic.EDUCATION,
                title="Bogʻcha navbatidagi oʻrnimni qanday bilsam boʻladi?",
                text=(
                    "Qizimni bahorda davlat bogʻchasiga navbatga qoʻydim. Navbatdagi oʻrnimiz oʻzgarmayapti. "
                    "Istiqlol mahallasidagi yangi bogʻchaga oʻtkazish mumkinmi?"
                ),
                state="open",
            ),
            DemoQuestion(
                author="akmal@demo.test",
                topic=QuestionTopic.ENERGY,
                title="Koʻcha chiroqlari bir haftadan beri yonmayapti",
                text=(
                    "Bogʻbon mahallasi, Guliston koʻchasida kechasi koʻcha chiroqlari yonmayapti. "
                    "Iltimos, tekshiring."
                ),
                state="pending",
            ),
        ],
    ),
    District(
        territory="Zomin tumani",
        region="UZ-JI",
        slug="zomin-tumani",
        title="Zomin tumani hokimligi",
        address="Jizzax viloyati, Zomin shaharchasi, Amir Temur koʻchasi, 5-uy",
        phone="+998 72 000 31 00",
        email="devonxona.zomin@demo.test",
        directions=(
            "Jizzax shahridan Zominga avtobus har soatda qatnaydi (taxminan 1 soat 20 daqiqa). "
            "Hokimlik binosi shaharcha markazida, “Zomin” avtovokzalidan 10 daqiqa piyoda."
        ),
        leadership=[
            ("Sardor Xolmatov", "Tuman hokimi", "Hokimlik faoliyatiga umumiy rahbarlik.", "Dushanba, 10:00–13:00"),
            (
                "Oybek Rahimov",
                "Hokimning birinchi oʻrinbosari",
                "Qishloq xoʻjaligi, suv xoʻjaligi va kommunal xizmatlar.",
                "Chorshanba, 14:00–16:00",
            ),
            (
                "Malika Tursunova",
                "Hokim oʻrinbosari, oila va xotin-qizlar masalalari boʻyicha",
                "Xotin-qizlar va oilalarni qoʻllab-quvvatlash.",
                "Payshanba, 10:00–12:00",
            ),
            (
                "Ulugʻbek Saidov",
                "Hokim oʻrinbosari, turizm va tadbirkorlik boʻyicha",
                "Zomin milliy bogʻi atrofida turizmni rivojlantirish, tadbirkorlik.",
                "Juma, 14:00–16:00",
            ),
        ],
        departments=[
            ("Moliya boʻlimi", "Akbar Normatov", "+998 72 000 31 10", "201"),
            ("Turizm va madaniy meros sektori", "Lola Karimova", "+998 72 000 31 20", "206"),
            ("Qishloq xoʻjaligi boʻlimi", "Shuhrat Boboyev", "+998 72 000 31 30", "110"),
            ("Murojaatlar bilan ishlash sektori", "Gavhar Sobirova", "+998 72 000 31 40", "102"),
        ],
        news=[
            {
                "slug": "orikli-mahallasiga-ichimlik-suvi",
                "title": "Oʻrikli mahallasiga markazlashgan ichimlik suvi yetkazildi",
                "date": dt.date(2026, 8, 27),
                "kind": NewsKind.NEWS,
                "tags": ["ichimlik suvi", "Oʻrikli"],
                "summary": "420 xonadon birinchi marta vodoprovod suvidan foydalanmoqda.",
                "body": [
                    "Oʻrikli mahallasida 6,8 kilometr suv tarmogʻi va 250 kubometrli suv minorasi qurildi. "
                    "Endi 420 xonadon markazlashgan ichimlik suvidan foydalanadi.",
                    "Xonadonlarni ulash uchun ariza mahalla binosidagi oʻz-oʻziga xizmat koʻrsatish "
                    "zonasida qabul qilinadi.",
                ],
            },
            {
                "slug": "duobada-yangi-transformator",
                "title": "Duoba mahallasida yangi transformator oʻrnatildi",
                "date": dt.date(2026, 10, 8),
                "kind": NewsKind.NEWS,
                "tags": ["elektr"],
                "summary": "Kuz-qish mavsumi oldidan kuchlanish pasayishi muammosi hal qilindi.",
                "body": [
                    "Duoba mahallasida 400 kVA quvvatli yangi transformator ishga tushirildi. "
                    "Kechki soatlarda kuchlanish pasayishi haqidagi aholi murojaatlari asosida qilindi.",
                ],
            },
            {
                "slug": "zomin-duoba-yoli-tamirlanmoqda",
                "title": "Zomin — Duoba avtomobil yoʻli taʼmirlanmoqda",
                "date": dt.date(2026, 11, 5),
                "kind": NewsKind.ANNOUNCEMENT,
                "tags": ["yoʻllar", "eʼlon"],
                "summary": "20-noyabrgacha yoʻlning 4-km dan 7-km gacha boʻlgan qismida harakat cheklanadi.",
                "body": [
                    "Zomin — Duoba avtomobil yoʻlining 4-kilometridan 7-kilometrigacha boʻlgan qismida "
                    "asfalt qoplamasi yangilanmoqda. Ishlar davomida harakat bir tomonlama tartibda boʻladi.",
                    "Haydovchilardan aylanma yoʻldan foydalanish soʻraladi.",
                ],
            },
            {
                "slug": "sayyor-qabul-qorgoncha",
                "title": "Hokimning Qoʻrgʻoncha mahallasidagi sayyor qabuli",
                "date": dt.date(2026, 11, 12),
                "kind": NewsKind.ANNOUNCEMENT,
                "tags": ["eʼlon", "sayyor qabul"],
                "summary": "26-noyabr, soat 10:00, Qoʻrgʻoncha mahalla fuqarolar yigʻini binosi.",
                "body": [
                    "Tuman hokimi 26-noyabr kuni soat 10:00 da Qoʻrgʻoncha mahallasi fuqarolar yigʻini "
                    "binosida aholini qabul qiladi. Qabulda tuman boʻlimlari rahbarlari ham ishtirok etadi.",
                ],
            },
            {
                "slug": "turizm-mavsumi-yakunlari",
                "title": "Zominda turizm mavsumi yakunlandi: mehmonlar soni oʻsdi",
                "date": dt.date(2026, 10, 20),
                "kind": NewsKind.NEWS,
                "tags": ["turizm"],
                "summary": "Mavsum davomida tumanga 150 mingdan ortiq sayyoh keldi.",
                "body": [
                    "Yozgi mavsumda Zomin tumaniga 150 mingdan ortiq ichki va xorijiy sayyoh tashrif buyurdi. "
                    "Mehmon uylari soni 40 taga yetdi.",
                ],
            },
        ],
        decisions=[
            Decision(
                slug="198-q",
                number="198-q",
                date=dt.date(2026, 9, 15),
                title="Tumanni 2026–2027-yillar kuz-qish mavsumiga tayyorlash toʻgʻrisida",
                summary=[
                    "Maktablar, bogʻchalar va tibbiyot muassasalarining isitish tizimlari 15-oktabrgacha "
                    "tayyorlanadi; masʼul tashkilotlar va muddatlar ilovada keltirilgan."
                ],
                pdf=True,
            ),
            Decision(
                slug="63-q",
                number="63-q",
                date=dt.date(2025, 9, 22),
                title="Tumanni 2025–2026-yillar kuz-qish mavsumiga tayyorlash toʻgʻrisida",
                summary=["Oʻtgan mavsum uchun kuz-qish tayyorgarligi tadbirlari rejasi."],
                status=DecisionStatus.REPEALED,
                changes="198-q",
            ),
            Decision(
                slug="131-q",
                number="131-q",
                date=dt.date(2026, 6, 2),
                title=(
                    "Dam olish maskanlarida tozalikni taʼminlash toʻgʻrisidagi qarorga oʻzgartirishlar "
                    "kiritish haqida"
                ),
                summary=["Chiqindilarni olib ketish jadvali dam olish kunlari kuniga ikki martagacha oshiriladi."],
            ),
            Decision(
                slug="92-q",
                number="92-q",
                date=dt.date(2026, 4, 28),
                title="Dam olish maskanlarida tozalikni taʼminlash toʻgʻrisida",
                summary=["Sayyohlik maskanlarida chiqindi idishlari oʻrnatiladi va olib ketish jadvali tasdiqlanadi."],
                status=DecisionStatus.AMENDED,
                changes="131-q",
            ),
        ],
        centres=[
            Centre(
                slug="zomin-dxm",
                title="Zomin tumani Davlat xizmatlari markazi",
                kind=CentreKind.PUBLIC_SERVICE_CENTRE,
                territory="",
                address="Zomin shaharchasi, Amir Temur koʻchasi, 9-uy",
                phone="+998 72 000 32 00",
                directions="Hokimlik binosidan 200 metr janubda, ikkinchi qavat (lift yoʻq).",
                services=[],
                features=["sign_language", "large_print"],
                accessibility_note=(
                    "Seshanba va payshanba kunlari imo-ishora tili tarjimoni bor; ariza shakllari yirik "
                    "harflarda. Ikkinchi qavatga zinapoya orqali chiqiladi."
                ),
            ),
            Centre(
                slug="orikli-mahalla-zonasi",
                title="Oʻrikli mahallasi oʻz-oʻziga xizmat koʻrsatish zonasi",
                kind=CentreKind.MAHALLA_ZONE,
                territory="Oʻrikli",
                address="Oʻrikli mahallasi, Bogʻ koʻchasi, 1-uy (mahalla binosi)",
                phone="+998 72 000 32 10",
                directions="Mahalla binosining kirish qismida; bekatdan 50 metr.",
                services=["yashash-joyi-malumotnomasi", "bolalar-nafaqasi", "yosh-boyicha-pensiya", "bogcha-navbati"],
                features=["step_free_entrance", "elderly_help"],
                accessibility_note=(
                    "Bir qavatli, zinasiz kirish; mahalla yettiligi keksalarga ariza toʻldirishda yordam beradi."
                ),
            ),
        ],
        questions=[
            DemoQuestion(
                author="gulnora@demo.test",
                topic=QuestionTopic.ROADS,
                title="Duoba yoʻlidagi chuqurlar qachon tekislanadi?",
                text=(
                    "Duoba mahallasidan tuman markaziga boradigan yoʻlda katta chuqurlar paydo boʻldi. "
                    "Yomgʻirdan keyin avtobus ham qatnamay qoldi."
                ),
                state="answered",
                answer=(
                    "Zomin — Duoba yoʻlining 4–7-kilometrlaridagi chuqurlar asfalt bilan tekislandi. "
                    "Avtobus qatnovi odatdagi jadval boʻyicha tiklandi."
                ),
            ),
            DemoQuestion(
                author="gulnora@demo.test",
                topic=QuestionTopic.SOCIAL,
                title="Bolalar nafaqasi arizam koʻrib chiqilmayapti",
                text=(
                    "Bolalar nafaqasi uchun bir oy oldin ariza topshirdim, holati hamon “koʻrib chiqilmoqda”. "
                    "Qaysi hujjat yetishmayotganini qayerdan bilaman?"
                ),
                state="overdue",
            ),
            DemoQuestion(
                author="gulnora@demo.test",
                topic=QuestionTopic.HEALTH,
                title="Duoba qishloq vrachlik punktida pediatr yoʻq",
                text=(
                    "Qishloq vrachlik punktida ikki oydan beri bolalar shifokori yoʻq, tuman markaziga "
                    "borishga toʻgʻri kelyapti. Yangi shifokor qachon keladi?"
                ),
                state="extended",
            ),
            DemoQuestion(
                author="gulnora@demo.test",
                topic=QuestionTopic.WATER,
                title="Duoba mahallasiga ham suv quvuri tortiladimi?",
                text="Oʻrikli mahallasiga suv keldi. Duoba mahallasi uchun ham shunday loyiha bormi?",
                state="pending",
            ),
        ],
    ),
]


def _region_page(home: HomePage, code: str) -> KhokimiyatPage:
    data = REGIONS[code]
    region = Territory.objects.get(code=code)
    return _khokimiyat(
        home,
        region,
        data["slug"],
        lambda: KhokimiyatPage(
            title=data["title"],
            territory=region,
            listing_summary=DEMO_NOTE,
            address=data["address"],
            phone=data["phone"],
            email=data["email"],
            reception_hours=_hours(OFFICE_HOURS, HOLIDAYS),
        ),
    )


def _district_page(region_page: KhokimiyatPage, district: District, territory: Territory) -> KhokimiyatPage:
    return _khokimiyat(
        region_page,
        territory,
        district.slug,
        lambda: KhokimiyatPage(
            title=district.title,
            territory=territory,
            listing_summary=DEMO_NOTE,
            leadership=[
                ("person", {"name": name, "position": position, "responsibilities": duties, "reception": reception})
                for name, position, duties, reception in district.leadership
            ],
            departments=[
                ("department", {"name": name, "head": head, "phone": phone, "email": "", "room": room})
                for name, head, phone, room in district.departments
            ],
            address=district.address,
            phone=district.phone,
            email=district.email,
            reception_hours=_hours(OFFICE_HOURS, HOLIDAYS),
            directions=district.directions,
        ),
    )


def _news(khokimiyat: KhokimiyatPage, district: District) -> None:
    index = _child(
        khokimiyat,
        "yangiliklar",
        lambda: NewsIndexPage(title="Yangiliklar va eʼlonlar", listing_summary=f"{district.title} yangiliklari."),
    )
    for item in district.news:

        def build(item=item):
            page = NewsPage(
                title=item["title"],
                date=item["date"],
                kind=item["kind"],
                listing_summary=item["summary"],
                body=_rich(*item["body"]),
            )
            page.tags.add(*item["tags"])
            return page

        _child(index, item["slug"], build)


def _decisions(khokimiyat: KhokimiyatPage, district: District) -> None:
    index = _child(
        khokimiyat,
        "qarorlar",
        lambda: DecisionIndexPage(title="Hokim qarorlari", listing_summary=f"{district.title} qarorlari reyestri."),
    )
    created: dict[str, DecisionPage] = {}
    # Newest first, so an amended or repealed decision can point at the one that changed it.
    for decision in sorted(district.decisions, key=lambda item: item.date, reverse=True):

        def build(decision=decision):
            document = None
            if decision.pdf:
                document = _document(
                    f"{district.title}: {decision.number}-sonli qaror (demo)",
                    f"demo-{district.slug}-{decision.slug}.pdf",
                    [
                        district.title,
                        f"QAROR No {decision.number}, {decision.date:%d.%m.%Y}",
                        decision.title,
                        "Demo hujjat: haqiqiy qaror emas.",
                    ],
                    khokimiyat.territory,
                )
            return DecisionPage(
                title=decision.title,
                number=decision.number,
                date=decision.date,
                status=decision.status,
                document=document,
                changed_by=created.get(decision.changes) if decision.changes else None,
                listing_summary=decision.summary[0][:300],
                summary=_rich(*decision.summary),
            )

        created[decision.slug] = _child(index, decision.slug, build)


def _services(khokimiyat: KhokimiyatPage, district: District) -> dict[str, ServicePage]:
    index = _child(
        khokimiyat,
        "davlat-xizmatlari",
        lambda: ServiceIndexPage(
            title="Davlat xizmatlari",
            listing_summary="Qanday hujjat kerak, qancha turadi, qancha vaqt oladi va qayerda beriladi.",
        ),
    )
    services = {}
    for item in SERVICES:
        services[item["slug"]] = _child(
            index,
            item["slug"],
            lambda item=item: ServicePage(
                title=item["title"],
                listing_summary=item["summary"],
                description=item["description"],
                eligibility=item["eligibility"],
                required_documents=[("document", {"name": name, "note": note}) for name, note in item["documents"]],
                fee_soum=item["fee"],
                fee_note=item["fee_note"],
                time_limit_days=item["days"],
                legal_basis=item["legal"],
                online_url=item["online"],
            ),
        )
    return services


def _centres(khokimiyat: KhokimiyatPage, district: District, territory: Territory, services: dict) -> None:
    index = _child(
        khokimiyat,
        "xizmat-markazlari",
        lambda: ServiceCentreIndexPage(
            title="Xizmat markazlari", listing_summary="Davlat xizmatlari markazlari va mahalladagi xizmat zonalari."
        ),
    )
    for centre in district.centres:
        if centre.territory:
            place = Territory.objects.get(
                name_uz=centre.territory, kind=TerritoryKind.MAHALLA, path__startswith=territory.path
            )
        else:
            place = territory

        def build(centre=centre, place=place):
            page = ServiceCentrePage(
                title=centre.title,
                kind=centre.kind,
                territory=place,
                address=centre.address,
                phone=centre.phone,
                hours=_hours(CENTRE_HOURS, HOLIDAYS),
                directions=centre.directions,
                accessibility_note=centre.accessibility_note,
                listing_summary=centre.accessibility_note[:300],
                **{feature: True for feature in centre.features},
            )
            # A ParentalManyToMany is held in memory until the page is saved, so the first
            # revision already lists the services.
            page.services = [services[slug] for slug in centre.services] if centre.services else list(services.values())
            return page

        _child(index, centre.slug, build)


def _questions(khokimiyat: KhokimiyatPage, district: District, staff_slug: str) -> None:
    moderator = User.objects.get(email=f"moderator.{staff_slug}@demo.test")
    responder = User.objects.get(email=f"responder.{staff_slug}@demo.test")
    manager = User.objects.get(email=f"manager.{staff_slug}@demo.test")
    now = timezone.now()
    day = dt.timedelta(days=1)
    for item in district.questions:
        if Question.objects.filter(territory=khokimiyat.territory, title=item.title).exists():
            continue
        # Days ago the question was asked: an overdue one was published 20 days ago, so with the
        # 15-day answer term its deadline has passed; the extended one was extended before its own.
        asked = {"answered": 12, "overdue": 21, "open": 4, "extended": 19, "pending": 1}[item.state]
        question = question_ask(
            author=User.objects.get(email=item.author),
            territory=khokimiyat.territory,
            title=item.title,
            text=item.text,
            topic=item.topic,
            now=now - asked * day,
        )
        # Backdate the asking as well, so the page does not show a question asked today and
        # published three weeks ago. Timestamps only: the state goes through the services.
        Question.objects.filter(pk=question.pk).update(created_at=now - asked * day)
        question.refresh_from_db()
        if item.state == "pending":
            continue
        question_moderate(question=question, moderator=moderator, publish=True, now=now - (asked - 1) * day)
        if item.state == "answered":
            question_answer(question=question, responder=responder, answer=item.answer, now=now - 3 * day)
        elif item.state == "extended":
            question_extend(
                question=question,
                staff=manager,
                days=30,
                note="Tuman tibbiyot birlashmasidan shifokor tayinlash rejasi soʻraldi; javob kutilmoqda.",
                now=now - 8 * day,
            )


@transaction.atomic
def demo_content_seed() -> None:
    """Fill both demo khokimiyats with pages and questions. Needs ``demo_seed`` to have run."""
    home = _home()
    staff_slugs = dict(KHOKIMIYATS)
    for district in DISTRICTS:
        territory = Territory.objects.get(name_uz=district.territory, kind=TerritoryKind.DISTRICT)
        region_page = _region_page(home, district.region)
        khokimiyat = _district_page(region_page, district, territory)
        _news(khokimiyat, district)
        _decisions(khokimiyat, district)
        services = _services(khokimiyat, district)
        _centres(khokimiyat, district, territory, services)
        _questions(khokimiyat, district, staff_slugs[district.territory])
