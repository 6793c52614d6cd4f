from .enrolments import Enrolment, Learner
from .pages import CataloguePage, CoursePage
from .partners import Membership, PartnerKind, PartnerOrganisation, normalise_referral_code
from .sessions import Session, Sitting
from .venues import Topic, Venue

__all__ = [
    "CataloguePage",
    "CoursePage",
    "Enrolment",
    "Learner",
    "Membership",
    "PartnerKind",
    "PartnerOrganisation",
    "Session",
    "Sitting",
    "Topic",
    "Venue",
    "normalise_referral_code",
]
