"""What the tests of the three languages share: each language's address prefix and the words its
pages must show, and a page fetched in one of them."""

ACCORD = "accords/abraham-accords/"

#: What each language's pages must show: the html element, the nav's words, a heading of the
#: accord page, a day-precise date of the seed (13 August 2020) and two country names.
EXPECTED = {
    "en": {
        "prefix": "/",
        "html": '<html lang="en" dir="ltr">',
        "nav": "Recent changes",
        "events": ">Events</h2>",
        "date": "13 Aug 2020",
        "uae": "United Arab Emirates",
        "kz": "Kazakhstan",
        "state_lead": "Kazakhstan's part in 1 accord, as it stands today.",
    },
    "id": {
        "prefix": "/id/",
        "html": '<html lang="id" dir="ltr">',
        "nav": "Perubahan terbaru",
        "events": ">Peristiwa</h2>",
        "date": "13 Agu 2020",
        "uae": "Uni Emirat Arab",
        "kz": "Kazakhstan",
        "state_lead": "Peran Kazakhstan dalam 1 perjanjian, sebagaimana adanya hari ini.",
    },
    "ar": {
        "prefix": "/ar/",
        "html": '<html lang="ar" dir="rtl">',
        "nav": "أحدث التغييرات",
        "events": ">الأحداث</h2>",
        "date": "13 أغسطس 2020",
        "uae": "الإمارات العربية المتحدة",
        "kz": "كازاخستان",
        "state_lead": "دور كازاخستان في اتفاق واحد، كما هو اليوم.",
    },
}
LANGS = list(EXPECTED)


def page(client, path, **headers):
    response = client.get(path, **headers)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()
