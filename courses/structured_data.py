"""schema.org Course / CourseInstance, as JSON-LD for search engines."""

from courses.choices import CourseFormat

COURSE_MODE = {
    CourseFormat.ON_SITE: "onsite",
    CourseFormat.REMOTE: "online",
    CourseFormat.MIXED: "blended",
}


def _place(venue):
    return {
        "@type": "Place",
        "name": venue.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": venue.address,
            "postalCode": venue.postcode,
            "addressLocality": venue.town,
            "addressCountry": "FR",
        },
    }


def course_json_ld(course, request, sessions):
    instances = []
    for session in sessions:
        sittings = session.ordered_sittings
        if not sittings:
            continue
        instances.append(
            {
                "@type": "CourseInstance",
                "courseMode": COURSE_MODE.get(course.format, "onsite"),
                "startDate": sittings[0].starts_at().isoformat(),
                "endDate": sittings[-1].ends_at().isoformat(),
                "location": _place(session.venue),
                "offers": {
                    "@type": "Offer",
                    "price": f"{course.price:.2f}",
                    "priceCurrency": "EUR",
                    "availability": "https://schema.org/SoldOut"
                    if session.is_full
                    else "https://schema.org/InStock",
                },
            }
        )
    return {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": course.title,
        "description": course.summary,
        "url": course.get_full_url(request),
        "inLanguage": "fr",
        "isAccessibleForFree": course.is_free,
        "timeRequired": f"PT{course.duration_hours.normalize():f}H",
        "provider": {"@type": "Organization", "name": "Numixs"},
        "hasCourseInstance": instances,
    }
