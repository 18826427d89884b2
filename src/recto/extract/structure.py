"""Document structure: the parts of an office document around its body.

Each cleaned paragraph gets a role (header, classification, number, title,
addressee, place_date, instruction, body, signature, distribution, copies,
office_date, office) and the parts are read into fields: the distribution
list as recipients with their copy counts, office dates with their meaning.
Chinese, Russian, German and English (translations) office conventions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from recto.extract.dates import find_dates
from recto.text.langid import base


@dataclass(frozen=True)
class Recipient:
    name: str
    copies: int = 1
    entity: str | None = None  # gazetteer id when the name is known (`少奇` -> liu-shaoqi)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "copies": self.copies}
        if self.entity:
            data["entity"] = self.entity
        return data


@dataclass(frozen=True)
class OfficeDate:
    meaning: str  # received | sent_to_print | issued | dispatched | dated
    date: str  # EDTF
    text: str
    paragraph: int

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Structure:
    roles: list[str] = field(default_factory=list)  # one per cleaned paragraph
    header: str | None = None
    office: str | None = None  # issuing office
    classification: str | None = None
    document_number: str | None = None
    copy_number: str | None = None
    title: str | None = None
    addressee: str | None = None
    place: str | None = None
    instructions: list[str] = field(default_factory=list)  # handling minutes: 請苏欧司、領事司商办
    body: list[int] = field(default_factory=list)
    signature: str | None = None
    signer: str | None = None
    distribution: list[Recipient] = field(default_factory=list)
    copies: int | None = None
    office_dates: list[OfficeDate] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for k, v in self.__dict__.items():
            if isinstance(v, list):
                data[k] = [x.to_json() if hasattr(x, "to_json") else x for x in v]
            else:
                data[k] = v
        return data


# Classification words, longest first, by language.
_CLASSIFICATION = re.compile(
    r"^(?P<c>绝密|絕密|机密|機密|秘密|内部|內部|"
    r"СОВЕРШЕННО СЕКРЕТНО|Совершенно секретно|СОВ\.\s*СЕКРЕТНО|Сов\.\s*секретно|СЕКРЕТНО|Секретно|Не для печати|"
    r"Streng geheim|Geheime Verschlußsache|Geheime Verschlusssache|Vertrauliche Verschlußsache|Vertrauliche Verschlusssache|"
    r"Nur für den Dienstgebrauch|Vertraulich|Geheim|GVS|VVS|"
    r"Top Secret|Strictly Confidential|Confidential|Secret)(?![A-Za-zА-Яа-яÄÖÜäöüß])\.?",
)
_NUMBER = re.compile(
    r"(?:文|字)\s*第?\s*(?P<zh>\d+)\s*号?|"
    r"(?:No\.|Nr\.|№|File No\.|Tgb\.-?Nr\.?|Az\.?:?|(?:VVS|GVS)(?:-Nr\.)?)\s*(?P<x>[\w/.-]*\d[\w/.-]*)",
)
_COPY = re.compile(r"(?:Экз\.|экз\.|Copy|Ausfertigung|Ausf\.)\s*(?:No\.|№|Nr\.)?\s*(?P<n>\d+)|(?P<n2>\d+)\.\s*Ausf(?:ertigung|\.)", re.I)
_HEADER_ZH = re.compile(r"^(?P<office>\S{2,14}?)(?:文件|电报|電報|简报|簡報)$")
_OFFICE_LINE = re.compile(r"^[→\->]*\s*(?P<o>[\u4e00-\u9fff·]{2,14}(?:办公厅|辦公廳|办公室|辦公室|司|部|处|處))$")
_INSTRUCTION = re.compile(r"^[请請](?P<who>.{1,30}?)(?:商办|商辦|办理|辦理|处理|處理|阅处|閱處|阅|閱|办|辦)$")
_ADDRESSEE = re.compile(r"^(?:(?P<zh>[\u4e00-\u9fff、]{1,20})[:：]$|(?:An|To|Товарищу|Тов\.|В)\s+(?P<x>.{2,80})$|(?P<x2>ЦК КПСС|ZK der SED|Zentralkomitee der SED)$)")
_PLACE_DATE = re.compile(r"^(?P<place>[A-ZА-Я][\w -]{1,30}),\s*(?:den\s+)?(?P<date>.{4,30})$")
_TITLE = re.compile(
    r"关于|關於|声明|聲明|照会|照會|谈话|談話|记录|記錄|报告|報告|(?:譯|译)文|"
    r"^(?:ЗАПИСЬ|Запись|ИНФОРМАЦИЯ|Информация|ЗАЯВЛЕНИЕ|Заявление|ПАМЯТНАЯ ЗАПИСКА|Справка|СПРАВКА)|"
    r"^(?:Information|Vermerk|Aktenvermerk|Bericht|Niederschrift|Protokoll|Erklärung|Aktennotiz)\b|"
    r"^(?:Record of|Statement|Information|Memorandum|Report|Note|Minutes|Letter)\b"
)
_HEADER_OFFICE = re.compile(
    r"^(?:Botschaft|Generalkonsulat|Handelsvertretung|Ministerium|Abteilung|Embassy|Consulate|Ministry|"
    r"ИЗ ДНЕВНИКА|Из дневника|FROM THE DIARY|From the Diary|ПОСОЛЬСТВО|Посольство|ГЕНЕРАЛЬНОЕ КОНСУЛЬСТВО|Генеральное консульство|МИНИСТЕРСТВО|Министерство|МИД)\b"
)
_DISTRIBUTION = re.compile(r"^(?P<label>抄送|抄报|抄報|分送|主送|Рассылка|Разослано|Разослать|Verteiler|Distribution|Copies to|Copy to)\s*[:：]?\s*(?P<rest>.*)$", re.S | re.I)
_COPIES = re.compile(r"共印\s*(?P<n>\d+)\s*[分份]|Отп(?:ечатано)?\.?\s*(?:в\s*)?(?P<n2>\d+)\s*экз|(?P<n3>\d+)\s*(?:Exemplare|copies|Ausfertigungen)\b|printed in (?P<n4>\d+) copies", re.I)
_SIGNATURE = re.compile(
    r"^(?:gez\.|signed|подпись|\(подпись\)|/подпись/)\s*(?P<who>.+)$|"
    r"^(?P<pos>(?:Посол|Временный поверенный|Генеральный консул|Консул|Советник|Ambassador|Consul General|Chargé d'affaires|Botschafter|Geschäftsträger)\b.{0,80}?)\s+(?P<name>(?:[A-ZА-Я]\.\s?){1,2}\s?[A-ZА-Я][a-zа-яё]+|[A-ZА-Я][a-zа-яё]+\s(?:[A-ZА-Я]\.\s?){1,2})$",
    re.I,
)
_OFFICE_DATE_WORDS: tuple[tuple[str, str], ...] = (
    ("收到", "received"), ("收文", "received"), ("付印", "sent_to_print"), ("印发", "issued"), ("印發", "issued"),
    ("发出", "dispatched"), ("發出", "dispatched"), ("签发", "dispatched"),
    ("Eingang", "received"), ("Eingegangen", "received"), ("Получено", "received"), ("Вх.", "received"),
    ("Received", "received"), ("Issued", "issued"),
)  # fmt: skip
_RECIPIENT = re.compile(r"^(?P<name>.+?)\s*(?:[(（]\s*(?P<n>\d+)\s*[)）]|(?P<n2>\d+)\s*[分份x×]|\s+\((?P<n3>\d+)\s*(?:экз\.?|Expl\.?|copies)\))$")
_RECIPIENT_X = re.compile(r"^(?P<n>\d+)\s*[x×]\s*(?P<name>.+)$")


def parse_recipients(rest: str) -> list[Recipient]:
    """`主席、少奇、李涛(2)、存档3分` -> recipients with copy counts; also `1x Genosse A` and comma lists."""
    rest = _COPIES.sub("", rest)
    parts = re.split(r"[、，,;；\n]|\s{1,}(?=[\u4e00-\u9fff])(?<=[\u4e00-\u9fff)）\s])", rest)
    out = []
    for part in parts:
        item = part.strip(" .。:：")
        if not item:
            continue
        x = _RECIPIENT_X.match(item)
        if x:
            out.append(Recipient(x["name"].strip(), int(x["n"])))
            continue
        m = _RECIPIENT.match(item)
        if m:
            out.append(Recipient(m["name"].strip(), int(m["n"] or m["n2"] or m["n3"])))
        else:
            out.append(Recipient(item))
    return out


def _office_date(text: str, language: str, year: int | None, index: int) -> OfficeDate | None:
    if len(text) > 40:
        return None
    for word, meaning in _OFFICE_DATE_WORDS:
        if word in text:
            found = find_dates(text, language, year=year) or find_dates(text, "de", year=year)
            if found:
                return OfficeDate(meaning, found[0].edtf, text, index)
    return None


def analyse(paragraphs: list[str], language: str, *, year: int | None = None, title: str | None = None) -> Structure:
    """Roles and fields for one text's cleaned paragraphs. `title` is the record's, to spot its line."""
    s = Structure(roles=["body"] * len(paragraphs))
    n = len(paragraphs)
    for i, para in enumerate(paragraphs):
        text = para.strip()
        short = len(text) <= 120
        role = None
        if short and (od := _office_date(text, language, year, i)):
            s.office_dates.append(od)
            role = "office_date"
        elif (d := _DISTRIBUTION.match(text)) and (i > n / 2 or d["label"] in ("抄送", "Verteiler", "Рассылка")):
            s.distribution.extend(parse_recipients(d["rest"]))
            role = "distribution"
        elif short and (c := _COPIES.search(text)) and len(text) < 30:
            role = "copies"
        elif short and (m := _CLASSIFICATION.match(text)):
            s.classification = s.classification or m["c"]
            cp = _COPY.search(text)
            num = _NUMBER.search(_COPY.sub("", text))
            if num:
                s.document_number = s.document_number or (num["zh"] or num["x"])
            cp = _COPY.search(text)
            if cp:
                s.copy_number = cp["n"] or cp["n2"]
            role = "classification"
        elif short and (num := _NUMBER.fullmatch(text)) is not None:
            s.document_number = s.document_number or num["zh"] or num["x"]
            role = "number"
        elif short and (h := _HEADER_ZH.match(text)):
            s.header, s.office = text, s.office or h["office"]
            role = "header"
        elif short and i < n / 2 and _HEADER_OFFICE.match(text) and not text.endswith("."):
            s.header, s.office = s.header or text, s.office or text
            role = "header"
        elif short and (ins := _INSTRUCTION.match(text)):
            s.instructions.append(text)
            role = "instruction"
        elif short and (o := _OFFICE_LINE.match(text)) and i > n / 2:
            s.office = o["o"].replace("·", "")
            role = "office"
        elif short and (sig := _SIGNATURE.match(text)) and i > n / 2:
            s.signature = text
            who = sig["who"] or sig["name"]
            s.signer = re.split(r",\s*", who)[0].strip() if who else None
            role = "signature"
        elif short and (a := _ADDRESSEE.match(text)) and i < n / 2:
            s.addressee = (a["zh"] or a["x"] or a["x2"]).strip()
            role = "addressee"
        elif short and (pd := _PLACE_DATE.match(text)) and find_dates(pd["date"], language, year=year):
            s.place = pd["place"].strip()
            role = "place_date"
        if role:
            s.roles[i] = role
        if _COPIES.search(text):
            c = _COPIES.search(text)
            assert c is not None
            s.copies = int(next(g for g in c.groups() if g))
    # The title: the record's title where it stands, else the first title-like short line above the body.
    first_body = next((i for i, r in enumerate(s.roles) if r == "body" and _is_body(paragraphs[i], language)), n)
    for i in range(first_body):
        if s.roles[i] != "body":
            continue
        text = paragraphs[i].strip()
        if (title and _same_title(text, title)) or _TITLE.search(text):
            s.roles[i], s.title = "title", text
            break
    for i in range(first_body):
        if s.roles[i] == "body" and not _is_body(paragraphs[i], language):
            s.roles[i] = "heading"
    s.body = [i for i, r in enumerate(s.roles) if r == "body"]
    return s


def _is_body(text: str, language: str) -> bool:
    if base(language) in ("zh", "ja"):
        return len(text) >= 40 and bool(re.search(r"[。，,]", text))
    return len(text.split()) >= 15 and bool(re.search(r"[.!?]", text))


def _same_title(text: str, title: str) -> bool:
    a = re.sub(r"\W+", " ", text.lower()).strip()
    b = re.sub(r"\W+", " ", re.sub(r"\[invented example\]", "", title, flags=re.I).lower()).strip()
    return bool(a) and (a == b or (len(a) > 20 and (a in b or b in a)))
