from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ExplicitLanguageMiddleware:
    """Activate English only when the visitor chose it (language cookie).

    The site is French; unlike Django's LocaleMiddleware we ignore the browser's
    Accept-Language header, so a phone set to English still gets the French
    site unless its owner picks English in the footer.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
