from .pages import HomePage, StandardPage
from .users import User

__all__ = ["HomePage", "StandardPage", "User"]
