import type { LucideIcon } from 'lucide-react';
import Bell from 'lucide-react/icons/bell';
import Calendar from 'lucide-react/icons/calendar';
import Clock from 'lucide-react/icons/clock';
import Gift from 'lucide-react/icons/gift';
import GitFork from 'lucide-react/icons/git-fork';
import Hourglass from 'lucide-react/icons/hourglass';
import LogOut from 'lucide-react/icons/log-out';
import Mail from 'lucide-react/icons/mail';
import MessageSquare from 'lucide-react/icons/message-square';
import Puzzle from 'lucide-react/icons/puzzle';
import ShoppingCart from 'lucide-react/icons/shopping-cart';
import Shuffle from 'lucide-react/icons/shuffle';
import Split from 'lucide-react/icons/split';
import Star from 'lucide-react/icons/star';
import Tag from 'lucide-react/icons/tag';
import UserCheck from 'lucide-react/icons/user-check';
import UserPen from 'lucide-react/icons/user-pen';
import Webhook from 'lucide-react/icons/webhook';
import Zap from 'lucide-react/icons/zap';
import { useEffect, useState } from 'react';
import { iconNameOf, pascalCaseOf } from './iconNames.ts';

/** The icons of the built-in nodes and the example plugins, bundled with the canvas. */
export const BUNDLED_ICONS: Readonly<Record<string, LucideIcon>> = {
  bell: Bell,
  calendar: Calendar,
  clock: Clock,
  gift: Gift,
  'git-fork': GitFork,
  hourglass: Hourglass,
  'log-out': LogOut,
  mail: Mail,
  'message-square': MessageSquare,
  'shopping-cart': ShoppingCart,
  shuffle: Shuffle,
  split: Split,
  star: Star,
  tag: Tag,
  'user-check': UserCheck,
  'user-pen': UserPen,
  webhook: Webhook,
  zap: Zap,
};

/** What a node shows when its icon name is not a Lucide icon. */
export const FallbackIcon: LucideIcon = Puzzle;

// Any other Lucide name (a plugin's own choice) loads the whole set once, in its own chunk, on first need.
let everyIcon: Promise<Readonly<Record<string, LucideIcon>>> | null = null;
const loadEveryIcon = () =>
  (everyIcon ??= import('lucide-react').then((m): Readonly<Record<string, LucideIcon>> => m.icons));

/** The Lucide icon a node's `icon` field names, drawn at `size` px; a puzzle piece for an unknown name. */
export function NodeIcon({ icon, size = 18 }: { icon: string; size?: number }) {
  const name = iconNameOf(icon);
  const bundled = BUNDLED_ICONS[name];
  const [loaded, setLoaded] = useState<LucideIcon | null>(null);
  useEffect(() => {
    if (bundled) return;
    let current = true;
    void loadEveryIcon().then((icons) => {
      if (current) setLoaded(() => icons[pascalCaseOf(name)] ?? null);
    });
    return () => {
      current = false;
    };
  }, [bundled, name]);
  const Icon = bundled ?? loaded ?? FallbackIcon;
  return <Icon size={size} aria-hidden="true" data-icon={bundled || loaded ? name : 'fallback'} />;
}
