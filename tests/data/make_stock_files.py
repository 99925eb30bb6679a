"""Writes the stock test files (run once; the outputs are committed):
kiotviet-products.xlsx (a KiotViet-style product export, inline strings,
written with zipfile only) and sapo-products-cp1258.csv (Sapo-style column
names, Windows-1258 with tone marks as separate combining bytes)."""
import unicodedata
import zipfile
from xml.sax.saxutils import escape

HEADER = ["Loại hàng", "Nhóm hàng(3 Cấp)", "Mã hàng", "Mã vạch", "Tên hàng", "Thương hiệu", "Giá bán",
          "Giá vốn", "Tồn kho", "Tồn nhỏ nhất", "ĐVT", "Mã ĐVT Cơ bản", "Quy đổi", "Đang kinh doanh"]
ROWS = [
    ["Hàng hóa", "Đồ uống", "BIA-333", "8936000009052", "Bia 333 lon 330ml", "Sabeco", 11000, 9500, 48, 0, "lon", "", 1, 1],
    ["Hàng hóa", "Đồ uống", "BIA-333-THUNG", "8936000009069", "Bia 333 thùng 24 lon", "Sabeco", 250000, 228000, 0, 0, "thùng", "BIA-333", 24, 1],
    ["Hàng hóa", "Gia vị", "NUOC-MAM-NN", "", "Nước mắm Nam Ngư 500ml", "Masan", 35000, 28000, 20, 0, "chai", "", 1, 1],
]


def col(i):
    return chr(ord("A") + i)


def cell(r, i, v):
    ref = f"{col(i)}{r}"
    if isinstance(v, (int, float)):
        return f'<c r="{ref}"><v>{v}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'


def sheet():
    rows = []
    for r, values in enumerate([HEADER] + ROWS, start=1):
        rows.append(f'<row r="{r}">' + "".join(cell(r, i, v) for i, v in enumerate(values)) + "</row>")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + "".join(rows) + "</sheetData></worksheet>")


FILES = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    "xl/worksheets/sheet1.xml": sheet(),
}

with zipfile.ZipFile("kiotviet-products.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in FILES.items():
        info = zipfile.ZipInfo(name, date_time=(2026, 7, 1, 0, 0, 0))
        z.writestr(info, text)

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text):
    out = []
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        base = "".join(c for c in d if c not in TONES)
        tones = "".join(c for c in d if c in TONES)
        out.append(unicodedata.normalize("NFC", base) + tones)
    return "".join(out).encode("cp1258")


CSV = """Mã SKU,Barcode,Tên sản phẩm,Đơn vị,Giá bán lẻ,Giá nhập,Tồn kho,Thuế suất
TRA-XANH,8936000009076,Trà xanh Không Độ 455ml,chai,10000,7800,24,8
BANH-DA,,Bánh đa nướng Quảng Nam,cái,5000,3500,30,5
KEO-LAC,,Kẹo lạc Hương Trà,gói,15000,11000,,8
"""
with open("sapo-products-cp1258.csv", "wb") as f:
    f.write(cp1258(CSV))
