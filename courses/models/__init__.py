from .attendance import (
    Attendance,
    AttendanceChange,
    AttendanceSettings,
    AttendanceStatus,
    ChangeKind,
    SittingReopening,
)
from .enrolments import Enrolment, Learner
from .pages import CataloguePage, CoursePage
from .sessions import Session, Sitting
from .venues import Topic, Venue

__all__ = [
    "Attendance",
    "AttendanceChange",
    "AttendanceSettings",
    "AttendanceStatus",
    "ChangeKind",
    "SittingReopening",
    "CataloguePage",
    "CoursePage",
    "Enrolment",
    "Learner",
    "Session",
    "Sitting",
    "Topic",
    "Venue",
]
