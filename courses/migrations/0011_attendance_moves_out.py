from django.db import migrations


class Migration(migrations.Migration):
    """Attendance moves to the attendance app (its tables and rows stay as they are)."""

    dependencies = [
        ('courses', '0010_partner_organisations_move_here'),
        ('attendance', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='attendance',
                    name='enrolment',
                ),
                migrations.RemoveField(
                    model_name='attendancechange',
                    name='enrolment',
                ),
                migrations.RemoveField(
                    model_name='attendance',
                    name='marked_by',
                ),
                migrations.RemoveField(
                    model_name='attendance',
                    name='sitting',
                ),
                migrations.RemoveField(
                    model_name='attendancechange',
                    name='sitting',
                ),
                migrations.RemoveField(
                    model_name='attendancechange',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='AttendanceSettings',
                ),
                migrations.RemoveField(
                    model_name='sittingreopening',
                    name='reopened_by',
                ),
                migrations.RemoveField(
                    model_name='sittingreopening',
                    name='sitting',
                ),
                migrations.DeleteModel(
                    name='Attendance',
                ),
                migrations.DeleteModel(
                    name='AttendanceChange',
                ),
                migrations.DeleteModel(
                    name='SittingReopening',
                ),
            ],
        ),
    ]
