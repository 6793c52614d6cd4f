from .pages import HomePage, StandardPage
from .settings import ContactSettings
from .users import User

__all__ = ["ContactSettings", "HomePage", "StandardPage", "User"]
